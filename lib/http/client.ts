/**
 * The HTTP client factory. It *receives* agents (from a registry) and never creates one, so
 * the sockets behind every client a handler builds per invocation are the warm, module-scope
 * ones. The transport (`transport.ts`) is `node:http(s)` itself: no redirects, no implicit
 * proxy, every status resolved and checked here, a deadline on every attempt.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { redactUrl } from '../log/redact.js';
import { networkFailure, outcomeOf, statusFailure } from './failure.js';
import {
  type AttemptOutcome,
  decideRetry,
  normalizeRetryPolicy,
  type RetryPolicy,
} from './retry.js';
import {
  type Attempt,
  type Endpoint,
  exchange,
  parseEndpoint,
  type RawResponse,
  target,
} from './transport.js';
import type { Agents, HttpClient, HttpRequest, HttpResponse } from './types.js';
import {
  buildUrl,
  clientHeaders,
  decodeBody,
  encodeBody,
  headersFor,
  type WireHeaders,
} from './wire.js';

/** One attempt, as reported to `onAttempt` (URL already redacted). */
interface AttemptEvent {
  method: string;
  url: string;
  attempt: number;
  status?: number;
  /** Error code (or message) when no response arrived. */
  error?: string;
  reusedSocket: boolean;
  /** Set when another attempt follows. */
  retryDelayMs?: number;
}

/** Per-client counts: build one client per invocation to report them per invocation. */
interface ClientStats {
  /** Attempts sent, retries included. */
  requests: number;
  retries: number;
  /** Requests that ended in a thrown error. */
  failures: number;
  /** Attempts answered on a reused keep-alive socket. */
  reusedSockets: number;
}

interface HttpClientOptions {
  baseUrl: string;
  /** From `registry.agentsFor(tls)`; the client never builds agents. */
  agents: Agents;
  /** Default request timeout; every request has one. */
  timeoutMs: number;
  /** Sent with every request (e.g. `X-API-KEY`); never copied into errors or events. */
  headers?: Record<string, string>;
  retry?: Partial<RetryPolicy>;
  /** Injected for tests: capture delays instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onAttempt?: (event: AttemptEvent) => void;
}

interface PooledHttpClient extends HttpClient {
  stats(): ClientStats;
}

function sendOnce(
  ctx: ClientContext,
  req: HttpRequest,
  url: string,
  timeoutMs: number,
): Promise<Attempt> {
  const body = encodeBody(req.body);
  const { endpoint, path } = target(ctx.endpoint, url);
  return exchange(ctx.options.agents, {
    method: req.method,
    endpoint,
    path,
    headers: headersFor(ctx.headers, req, body),
    body: body.data,
    timeoutMs,
  });
}

function outcomeFor(attempt: Attempt): AttemptOutcome {
  if ('error' in attempt) {
    return outcomeOf(attempt.error, attempt.reusedSocket);
  }
  const { status, headers } = attempt.response;
  return { kind: 'status', status, retryAfter: headers['retry-after'] };
}

function eventFor(method: string, url: string, n: number, attempt: Attempt): AttemptEvent {
  if ('response' in attempt) {
    return {
      method,
      url,
      attempt: n,
      status: attempt.response.status,
      reusedSocket: attempt.response.reusedSocket,
    };
  }
  const outcome = outcomeOf(attempt.error, attempt.reusedSocket);
  const error = outcome.kind === 'timeout' ? 'timeout' : (outcome.code ?? outcome.message);
  return {
    method,
    url,
    attempt: n,
    error,
    reusedSocket: outcome.kind === 'network' && outcome.reusedSocket,
  };
}

function failureFor(attempt: Attempt, method: string, url: string, timeoutMs: number): Error {
  if ('error' in attempt) {
    const { error, reusedSocket } = attempt;
    return networkFailure(error, { method, url, timeoutMs, reusedSocket });
  }
  const { status, headers, bytes } = attempt.response;
  return statusFailure({ method, url, status, headers, data: decodeBody(bytes, 'json') });
}

interface ClientContext {
  options: HttpClientOptions;
  policy: Readonly<RetryPolicy>;
  /** Where `baseUrl` points, parsed once. */
  endpoint: Endpoint;
  /** `baseUrl` without trailing slashes: what `buildUrl` prefixes to a path. */
  base: string;
  /** Default and client headers, names lower-cased. */
  headers: Readonly<WireHeaders>;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  stats: ClientStats;
}

/**
 * The accepted answer. Its body is decoded on first read: a write's echo (thousands per sync)
 * is usually never looked at.
 */
function answer<T>(raw: RawResponse, type: HttpRequest['responseType'], attempts: number) {
  let data: T | undefined;
  let decoded = false;
  const res: HttpResponse<T> = {
    status: raw.status,
    headers: raw.headers,
    attempts,
    get data(): T {
      if (!decoded) {
        // The caller names the body type, as with any HTTP client; it is not validated here.
        data = decodeBody(raw.bytes, type) as T;
        decoded = true;
      }
      return data as T;
    },
  };
  return res;
}

const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** One logical request: attempts until accepted, or until the policy says stop. */
async function send<T>(ctx: ClientContext, req: HttpRequest): Promise<HttpResponse<T>> {
  const { options, stats } = ctx;
  // The common case (a path, no query) skips `buildUrl`'s parsing: same string, built once.
  const url =
    req.query === undefined && req.path.startsWith('/')
      ? `${ctx.base}${req.path}`
      : buildUrl(options.baseUrl, req.path, req.query);
  let redacted: string | undefined;
  // Redacted only when something is reported: events or an error.
  const safeUrl = () => (redacted ??= redactUrl(url));
  const timeoutMs = req.timeoutMs ?? options.timeoutMs;
  const accept = req.acceptStatus ?? isSuccess;
  let resetRetries = 0;
  for (let n = 1; ; n++) {
    const attempt = await sendOnce(ctx, req, url, timeoutMs);
    stats.requests++;
    if ('response' in attempt) {
      stats.reusedSockets += attempt.response.reusedSocket ? 1 : 0;
      if (accept(attempt.response.status)) {
        if (options.onAttempt) options.onAttempt(eventFor(req.method, safeUrl(), n, attempt));
        return answer<T>(attempt.response, req.responseType, n);
      }
    }
    const outcome = outcomeFor(attempt);
    const decision = decideRetry(ctx.policy, {
      method: req.method,
      attempt: n,
      resetRetries,
      outcome,
      random: ctx.random,
      now: ctx.now(),
    });
    const retryDelay = decision.retry ? { retryDelayMs: decision.delayMs } : {};
    options.onAttempt?.({ ...eventFor(req.method, safeUrl(), n, attempt), ...retryDelay });
    if (!decision.retry) {
      stats.failures++;
      throw failureFor(attempt, req.method, safeUrl(), timeoutMs);
    }
    resetRetries += outcome.kind === 'network' ? 1 : 0;
    stats.retries++;
    if (decision.delayMs > 0) {
      await ctx.sleep(decision.delayMs);
    }
  }
}

/**
 * Creates an `HttpClient` over the given agents, with the retry policy and typed errors.
 *
 * @example
 * ```ts
 * const client = createHttpClient({
 *   baseUrl: 'https://apisix-admin.internal:9180',
 *   agents: registry.agentsFor({ ca: caPem }),
 *   timeoutMs: 10_000,
 *   headers: { 'X-API-KEY': adminKey },
 * });
 * const { data } = await client.request<{ list: unknown[] }>({ method: 'GET', path: '/apisix/admin/routes' });
 * ```
 */
function createHttpClient(options: HttpClientOptions): PooledHttpClient {
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number, got ${String(options.timeoutMs)}`);
  }
  const ctx: ClientContext = {
    options,
    policy: normalizeRetryPolicy(options.retry),
    endpoint: parseEndpoint(options.baseUrl),
    base: options.baseUrl.replace(/\/+$/, ''),
    headers: Object.freeze(clientHeaders(options.headers)),
    sleep: options.sleep ?? ((ms: number) => delay(ms).then(() => undefined)),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    stats: { requests: 0, retries: 0, failures: 0, reusedSockets: 0 },
  };
  return {
    baseUrl: options.baseUrl,
    request: <T>(req: HttpRequest) => send<T>(ctx, req),
    stats: () => ({ ...ctx.stats }),
  };
}

export type { AttemptEvent, ClientStats, HttpClientOptions, PooledHttpClient };
export { createHttpClient };
