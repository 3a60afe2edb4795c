/**
 * Server-side validation: `POST /apisix/admin/configs/validate` (etcd mode, APISIX ≥ 3.17),
 * which runs the full resource checkers including plugins, without reference checks and without
 * persisting anything (apisix-admin-api.md §7.1). Older gateways cannot validate; the caller's
 * local lint then stands alone and the result says so.
 *
 * @example
 * ```ts
 * const result = await validateOnGateway(client, '3.18.0', resources);
 * if (!result.success) console.log(result.issues);
 * ```
 */
import type { Resource } from '../config/resources-types.js';
import { AdminApiError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import { toDocument } from './document.js';
import { ADMIN_PREFIX } from './paths.js';
import type { ValidateResult, ValidationIssue } from './types.js';
import { atLeast } from './version.js';

interface GatewayIssue {
  resource_type?: string;
  resource_id?: string;
  index?: number;
  error?: string;
}

function issuesOf(body: unknown, positions: Map<string, Resource>): ValidationIssue[] {
  const errors = (body as { errors?: GatewayIssue[] } | undefined)?.errors;
  if (!Array.isArray(errors)) {
    const msg = (body as { error_msg?: string } | undefined)?.error_msg ?? 'validation failed';
    return [{ resourceType: 'configuration', error: msg }];
  }
  return errors.map((e) => {
    const resource = positions.get(`${e.resource_type}#${e.index}`);
    const issue: ValidationIssue = {
      resourceType: resource?.type ?? String(e.resource_type ?? 'unknown'),
      error: String(e.error ?? 'invalid'),
    };
    if (e.index !== undefined) issue.index = e.index;
    const id = resource?.id ?? e.resource_id;
    if (id !== undefined) issue.resourceId = id;
    if (resource) issue.resourceName = resource.name;
    return issue;
  });
}

async function validateOnGateway(
  client: HttpClient,
  version: string,
  resources: readonly Resource[],
  minimum = '3.17.0',
): Promise<ValidateResult> {
  if (!atLeast(version, minimum)) {
    return {
      validatedByGateway: false,
      success: true,
      issues: [],
      note: `APISIX ${version} cannot validate a configuration (needs ${minimum} or later); only the local lint ran`,
    };
  }
  const { document, positions } = toDocument(resources);
  try {
    await client.request({
      method: 'POST',
      path: `${ADMIN_PREFIX}/configs/validate`,
      body: document,
    });
    return { validatedByGateway: true, success: true, issues: [] };
  } catch (err) {
    if (err instanceof AdminApiError && err.status === 400) {
      return { validatedByGateway: true, success: false, issues: issuesOf(err.body, positions) };
    }
    throw err;
  }
}

export { validateOnGateway };
