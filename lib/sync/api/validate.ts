/**
 * `PUT /validate` answers in ADC's validate shapes (adc.md §1.3): `{ success, source, message?,
 * errors }` with `source` `input`, `lint` or `validate`. A configuration the gateway rejects is a
 * 400 (AIC reads a 400 from `/validate` as "validation errors"); a valid one is a 200.
 *
 * @example
 * ```ts
 * const { status, body } = validateReply(report); // 200, { success: true, source: 'validate', errors: [] }
 * ```
 */
import type { ValidationIssue } from '../../apisix/types.js';
import type { Report } from '../types.js';
import type { ErrorReply } from './errors.js';

interface AdcValidationError {
  resource_type: string;
  resource_id?: string;
  resource_name?: string;
  index?: number;
  error: string;
}

function isIssue(value: unknown): value is ValidationIssue {
  return typeof value === 'object' && value !== null && 'error' in value;
}

function toAdcError(issue: ValidationIssue): AdcValidationError {
  const out: AdcValidationError = { resource_type: issue.resourceType, error: issue.error };
  if (issue.resourceId !== undefined) out.resource_id = issue.resourceId;
  if (issue.resourceName !== undefined) out.resource_name = issue.resourceName;
  if (issue.index !== undefined) out.index = issue.index;
  return out;
}

/**
 * The reply for a finished validate run.
 *
 * @example
 * ```ts
 * validateReply(report).status; // 200 when the gateway (or lint alone, before APISIX 3.17) accepted it
 * ```
 */
function validateReply(report: Report): { status: number; body: Record<string, unknown> } {
  const validation = report.validation ?? { validated_by_gateway: false, errors: [] };
  const errors = validation.errors.filter(isIssue).map(toAdcError);
  const success = report.status !== 'all_failed' && errors.length === 0;
  const body: Record<string, unknown> = {
    success,
    source: 'validate',
    errors,
    validated_by_gateway: validation.validated_by_gateway,
    apisix_version: report.apisix_version,
    duration_ms: report.duration_ms,
  };
  if (validation.note) body.note = validation.note;
  if (!success) {
    const first = errors[0];
    body.message = `The gateway rejected the configuration: ${errors.length} error(s)${first ? `; first: ${first.resource_type} ${first.resource_name ?? first.resource_id ?? ''} ${first.error}` : ''}`;
  }
  return { status: success ? 200 : 400, body };
}

/**
 * An error reply in ADC's validate shape: `{ success: false, source?, message, errors }`.
 *
 * @example
 * ```ts
 * validateErrorBody(errorToResponse(configError)); // { success: false, source: 'lint', message, errors: [...] }
 * ```
 */
function validateErrorBody(reply: ErrorReply, source?: 'input' | 'lint'): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...reply.body,
    success: false,
    message: reply.body.message,
    errors: reply.body.errors ?? [],
  };
  if (source) body.source = source;
  return body;
}

export { validateErrorBody, validateReply };
