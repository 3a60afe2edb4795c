/**
 * Turns what the transport reports into apisync's typed errors (`lib/errors.ts`) and into retry
 * outcomes. Wraps foreign errors once, here, with a secret-free copy of the original as `cause`.
 */
import { AdminApiError, NetworkError, TimeoutError } from '../errors.js';
import { redact, redactString } from '../log/redact.js';
import type { AttemptOutcome } from './retry.js';

/** Error bodies kept on `AdminApiError` are cut to this many characters of JSON. */
const MAX_ERROR_BODY_CHARS = 4096;

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ERR_SOCKET_TIMEOUT']);

/** Hints for TLS failures whose OpenSSL wording says little to an operator. */
const TLS_HINTS: [RegExp, string][] = [
  [
    /CERTIFICATE_REQUIRED|alert number 116|HANDSHAKE_FAILURE|alert bad certificate/i,
    'the server requires a client certificate (mTLS) and none, or an unaccepted one, was sent',
  ],
  [
    /SELF_SIGNED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|CERT_UNTRUSTED/,
    'the server certificate is not trusted: pass its CA',
  ],
  [/ERR_TLS_CERT_ALTNAME_INVALID/, 'the server certificate does not match the host name'],
  [/CERT_HAS_EXPIRED/, 'the server certificate has expired'],
];

function tlsHint(code: string | undefined, message: string): string | undefined {
  const text = `${code ?? ''} ${message}`;
  return TLS_HINTS.find(([pattern]) => pattern.test(text))?.[1];
}

/** Explains a reset on a reused socket: the server had closed the idle connection. */
function staleNote(method: string, reusedSocket: boolean): string {
  if (!reusedSocket) {
    return '';
  }
  const retry =
    method === 'POST' || method === 'PATCH' ? `; ${method} is not retried automatically` : '';
  return ` (on a reused keep-alive connection the server had closed${retry})`;
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Classifies the error of one failed attempt (statuses are not errors: the client checks them
 * itself). `reusedSocket` says whether the request went out on a pooled keep-alive socket.
 *
 * @example
 * ```ts
 * outcomeOf(err, true); // { kind: 'network', code: 'ECONNRESET', message: 'socket hang up', reusedSocket: true }
 * ```
 */
function outcomeOf(
  err: unknown,
  reusedSocket = false,
): Exclude<AttemptOutcome, { kind: 'status' }> {
  const code = errorCode(err);
  if (code && TIMEOUT_CODES.has(code)) {
    return { kind: 'timeout' };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'network', code, message, reusedSocket };
}

/**
 * The `cause` kept on our errors: a plain copy of the transport error, message and stack
 * redacted. Node's errors can carry more than their message (a TLS error holds the peer
 * certificate; a wrapped error its request), which `console.error`, an unhandled rejection or a
 * test runner would print in full.
 */
function safeCause(err: unknown): Error {
  const copy = new Error(redactString(err instanceof Error ? err.message : String(err)));
  copy.name = err instanceof Error ? err.name : 'Error';
  const code = errorCode(err);
  if (code !== undefined) Object.assign(copy, { code });
  copy.stack = err instanceof Error && err.stack ? redactString(err.stack) : copy.stack;
  return copy;
}

/**
 * The typed error for a failed attempt that will not be retried.
 *
 * @example
 * ```ts
 * throw networkFailure(err, { method: 'GET', url, timeoutMs: 5000, reusedSocket: false });
 * ```
 */
function networkFailure(
  err: unknown,
  req: { method: string; url: string; timeoutMs: number; reusedSocket: boolean },
): NetworkError | TimeoutError {
  const outcome = outcomeOf(err, req.reusedSocket);
  if (outcome.kind === 'timeout') {
    return new TimeoutError(
      { method: req.method, url: req.url, timeoutMs: req.timeoutMs },
      { cause: safeCause(err) },
    );
  }
  const hint = tlsHint(outcome.code, outcome.message);
  const detail = redactString(outcome.message) || outcome.code || 'network error';
  const message = hint
    ? `${hint} (${outcome.code ?? detail})`
    : `${detail}${staleNote(req.method, outcome.reusedSocket)}`;
  return new NetworkError(
    { method: req.method, url: req.url, code: outcome.code, message },
    { cause: safeCause(err) },
  );
}

function boundedBody(data: unknown): unknown {
  if (data === undefined || data === null || data === '') {
    return undefined;
  }
  const safe = redact(data);
  const json = typeof safe === 'string' ? safe : JSON.stringify(safe);
  if (json.length <= MAX_ERROR_BODY_CHARS) {
    return safe;
  }
  return `${json.slice(0, MAX_ERROR_BODY_CHARS)}… (${json.length} chars)`;
}

function apisixMessage(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) {
    return undefined;
  }
  const body = data as { error_msg?: unknown; message?: unknown };
  const msg = body.error_msg ?? body.message;
  return typeof msg === 'string' ? redactString(msg) : undefined;
}

/**
 * The `AdminApiError` for a response with an unaccepted status: APISIX's `error_msg` (or
 * `message`), a redacted and bounded body, and the response headers.
 *
 * @example
 * ```ts
 * throw statusFailure({ method: 'PUT', url, status: 400, data: { error_msg: 'invalid' }, headers: {} });
 * ```
 */
function statusFailure(res: {
  method: string;
  url: string;
  status: number;
  data: unknown;
  headers: Record<string, string>;
}): AdminApiError {
  return new AdminApiError({
    method: res.method,
    url: res.url,
    status: res.status,
    errorMsg: apisixMessage(res.data),
    body: boundedBody(res.data),
    headers: redact(res.headers) as Record<string, string>,
  });
}

export { MAX_ERROR_BODY_CHARS, networkFailure, outcomeOf, statusFailure };
