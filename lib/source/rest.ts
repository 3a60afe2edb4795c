/**
 * The REST side shared by the GitHub and GitLab sources: a client from `lib/http` over the
 * caller's agents, and the mapping of HTTP answers to `SourceError`.
 */
import { globalAgent as httpGlobalAgent } from 'node:http';
import { globalAgent as httpsGlobalAgent } from 'node:https';
import { AdminApiError, NetworkError, TimeoutError } from '../errors.js';
import { createHttpClient } from '../http/index.js';
import type { HttpClient, HttpResponse } from '../http/types.js';
import { SourceError, type SourceErrorKind } from './errors.js';
import type { SourceDeps } from './types.js';

/**
 * A client for a REST API. Without injected agents (a one-off CLI run) it uses Node's global
 * agents rather than building its own pool.
 *
 * @example
 * ```ts
 * const api = restClient('https://api.github.com', deps, { authorization: `Bearer ${token}` });
 * ```
 */
function restClient(
  baseUrl: string,
  deps: SourceDeps,
  headers: Record<string, string>,
): HttpClient {
  const agents = deps.agents ?? { httpAgent: httpGlobalAgent, httpsAgent: httpsGlobalAgent };
  return createHttpClient({ baseUrl, agents, timeoutMs: deps.timeoutMs ?? 30_000, headers });
}

/**
 * Statuses the source handles itself; 429 and 5xx are left to the client's retry policy
 * (which honours `Retry-After`) and surface as a thrown `AdminApiError` once it gives up.
 */
function handled(status: number): boolean {
  return (status >= 200 && status < 500 && status !== 429) || status === 304;
}

/**
 * When the host says the limit resets: `retry-after` (seconds) or `x-ratelimit-reset` /
 * `ratelimit-reset` (epoch seconds), as epoch milliseconds.
 *
 * @example
 * ```ts
 * retryAtOf({ 'retry-after': '30' }, 0); // 30000
 * ```
 */
function retryAtOf(headers: Record<string, string>, now = Date.now()): number | undefined {
  const after = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(after)) return now + after * 1000;
  const reset = Number(headers['x-ratelimit-reset'] ?? headers['ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
}

function isRateLimited(res: Pick<HttpResponse<unknown>, 'status' | 'headers'>): boolean {
  if (res.status === 429) return true;
  const h = res.headers;
  return (
    res.status === 403 && (h['x-ratelimit-remaining'] === '0' || h['retry-after'] !== undefined)
  );
}

function kindOf(status: number): SourceErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 422) return 'not_found';
  return 'unreachable';
}

/**
 * A `SourceError` for an unexpected answer (`what` names the request: "tree at abc123").
 *
 * @example
 * ```ts
 * if (res.status !== 200) throw restFailure(res, 'tree at ' + sha, shownUrl);
 * ```
 */
function restFailure(
  res: Pick<HttpResponse<unknown>, 'status' | 'headers'>,
  what: string,
  url: string,
  cause?: unknown,
): SourceError {
  const { status } = res;
  const options = cause === undefined ? undefined : { cause };
  if (isRateLimited(res)) {
    const retryAt = retryAtOf(res.headers);
    const when = retryAt ? `; retry after ${new Date(retryAt).toISOString()}` : '';
    const init = { kind: 'rate_limited' as const, url, status, retryAt };
    return new SourceError(`${what}: rate limited (HTTP ${status})${when}`, init, options);
  }
  const hint = status === 401 || status === 403 ? ' (check the token and its scopes)' : '';
  const init = { kind: kindOf(status), url, status };
  return new SourceError(`${what} answered HTTP ${status}${hint}`, init, options);
}

/** Wraps what the client threw (retries exhausted, network, timeout) once. */
function restThrown(err: unknown, what: string, url: string): SourceError {
  if (err instanceof SourceError) return err;
  if (err instanceof AdminApiError) {
    return restFailure({ status: err.status, headers: err.headers ?? {} }, what, url, err);
  }
  if (err instanceof NetworkError || err instanceof TimeoutError) {
    return new SourceError(
      `${what} failed: ${err.message}`,
      { kind: 'unreachable', url },
      { cause: err },
    );
  }
  return new SourceError(`${what} failed`, { kind: 'protocol', url }, { cause: err });
}

/**
 * Sends one GET and maps every failure to `SourceError`; resolves for 2xx and 304 only.
 *
 * @example
 * ```ts
 * const res = await restGet(api, { path: '/repos/a/b/commits/main' }, 'resolve main', shownUrl);
 * ```
 */
async function restGet<T>(
  api: HttpClient,
  req: {
    path: string;
    query?: Record<string, string | number>;
    headers?: Record<string, string>;
    responseType?: 'json' | 'text' | 'buffer';
  },
  what: string,
  url: string,
): Promise<HttpResponse<T>> {
  let res: HttpResponse<T>;
  try {
    res = await api.request<T>({ method: 'GET', ...req, acceptStatus: handled });
  } catch (err) {
    throw restThrown(err, what, url);
  }
  if ((res.status >= 200 && res.status < 300) || res.status === 304) return res;
  throw restFailure(res, what, url);
}

export { restClient, restFailure, restGet, retryAtOf };
