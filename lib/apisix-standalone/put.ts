/**
 * One document PUT per data-plane server, concurrently, with a status per endpoint. A server
 * that rejects the document's conf_version (its stored version is newer than our baseline)
 * gets the plan re-applied to its own current document and one retry.
 *
 * @example
 * ```ts
 * const outcome = await putDocument({ clients, document, digest, rebuild });
 * ```
 */

import type { EndpointStatus } from '../apisix/types.js';
import { AdminApiError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import type { StandaloneDocument } from './baseline.js';

const CONFIGS = '/apisix/admin/configs';
const CONF_VERSION_REJECTED = /conf_version must be greater than or equal to/;

interface PutInput {
  clients: HttpClient[];
  document: StandaloneDocument;
  digest: (body: string) => string;
  /** The plan applied to this server's current document, after a conf_version rejection. */
  rebuild: (client: HttpClient) => Promise<StandaloneDocument>;
}

interface PutOutcome {
  allOk: boolean;
  endpoints: EndpointStatus[];
  /** The document the servers now hold (the last one sent successfully). */
  document: StandaloneDocument;
  failedServers: string[];
  reason: string;
  at: string;
}

async function putOnce(
  client: HttpClient,
  document: StandaloneDocument,
  digest: (b: string) => string,
): Promise<EndpointStatus> {
  const body = JSON.stringify(document);
  const headers = { 'X-Digest': digest(body), 'Content-Type': 'application/json' };
  const requested_at = new Date().toISOString();
  const request = {
    method: 'PUT',
    url: `${client.baseUrl}${CONFIGS}`,
    headers: { ...headers, 'X-API-KEY': '*****' },
  };
  try {
    const res = await client.request({ method: 'PUT', path: CONFIGS, body, headers });
    return {
      server: client.baseUrl,
      success: true,
      requested_at,
      request,
      response: { status: res.status, headers: res.headers },
    };
  } catch (err) {
    const status: EndpointStatus = {
      server: client.baseUrl,
      success: false,
      requested_at,
      request,
      reason: err instanceof Error ? err.message : String(err),
    };
    if (err instanceof AdminApiError)
      status.response = { status: err.status, headers: err.headers ?? {}, data: err.body };
    return status;
  }
}

async function putToServer(
  client: HttpClient,
  input: PutInput,
): Promise<{ status: EndpointStatus; document: StandaloneDocument }> {
  const first = await putOnce(client, input.document, input.digest);
  if (first.success || !CONF_VERSION_REJECTED.test(first.reason ?? ''))
    return { status: first, document: input.document };
  const rebuilt = await input.rebuild(client);
  return { status: await putOnce(client, rebuilt, input.digest), document: rebuilt };
}

async function putDocument(input: PutInput): Promise<PutOutcome> {
  const results = await Promise.all(input.clients.map((c) => putToServer(c, input)));
  const endpoints = results.map((r) => r.status);
  const failed = endpoints.filter((e) => !e.success);
  const lastOk = results.filter((r) => r.status.success).at(-1);
  return {
    allOk: failed.length === 0,
    endpoints,
    document: lastOk?.document ?? input.document,
    failedServers: failed.map((f) => f.server),
    reason: failed.map((f) => `${f.server}: ${f.reason}`).join('; '),
    at: new Date().toISOString(),
  };
}

export type { PutOutcome };
export { putDocument };
