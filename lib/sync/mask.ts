/**
 * Secrets out of reports: a report carries Admin API bodies (the planned events of `diff
 * --json`, the request of a failed write), and those bodies hold credentials — key-auth `key`,
 * basic-auth `password`, SSL `key`/`keys` (PEM private keys). Every such value is replaced
 * with `[REDACTED]`, and any string is run through `lib/log`'s `redactString`.
 *
 * @example
 * ```ts
 * maskSecrets({ plugins: { 'key-auth': { key: 'k' } } }); // { plugins: { 'key-auth': { key: '[REDACTED]' } } }
 * ```
 */
import type { WireRequest, WireResponse } from '../apisix/types.js';
import type { Change, DiffEvent } from '../differ/types.js';
import { isSecretKey, REDACTED, redactString, redactUrl } from '../log/redact.js';

/** The most characters of an Admin API answer a report keeps (as `lib/apisix` bounds them). */
const MAX_BODY_CHARS = 4096;

/** Besides `lib/log`'s names: `key` and `keys` hold auth keys and SSL private keys. */
const BODY_SECRET_KEYS = new Set(['key', 'keys']);

function isSecretName(name: string): boolean {
  return BODY_SECRET_KEYS.has(name) || isSecretKey(name);
}

function maskSecrets(value: unknown): unknown {
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    out[name] = isSecretName(name) && item !== undefined ? REDACTED : maskSecrets(item);
  }
  return out;
}

/** `plugins.key-auth.key` → `key`; `keys[0]` → `keys`. */
function lastName(path: string): string {
  const trimmed = path.replace(/(\[\d+\])+$/, '');
  const quoted = /\["((?:[^"\\]|\\.)*)"\]$/.exec(trimmed);
  if (quoted?.[1] !== undefined) return quoted[1];
  return trimmed.slice(trimmed.lastIndexOf('.') + 1);
}

function maskChange(change: Change): Change {
  const secret = isSecretName(lastName(change.path));
  const out: Change = { path: change.path };
  if ('before' in change) out.before = secret ? REDACTED : maskSecrets(change.before);
  if ('after' in change) out.after = secret ? REDACTED : maskSecrets(change.after);
  return out;
}

function maskBody(value: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return value === undefined ? undefined : (maskSecrets(value) as Record<string, unknown>);
}

/** A copy of `event` with every secret value in its bodies and changes masked. */
function maskEvent(event: DiffEvent): DiffEvent {
  const out: DiffEvent = { ...event };
  if (event.oldValue) out.oldValue = maskBody(event.oldValue);
  if (event.newValue) out.newValue = maskBody(event.newValue);
  if (event.changes) out.changes = event.changes.map(maskChange);
  return out;
}

/** Secrets masked first, then cut: a cut made first could split a secret out of its field. */
function boundedBody(data: unknown): unknown {
  const masked = maskSecrets(data);
  if (masked === undefined) return undefined;
  const text = typeof masked === 'string' ? masked : JSON.stringify(masked);
  if (text === undefined || text.length <= MAX_BODY_CHARS) return masked;
  return `${text.slice(0, MAX_BODY_CHARS)}…`;
}

/**
 * A write's answer as a report shows it: body secrets masked, then bounded to 4 KiB. Used for
 * `failed[].response` and standalone `endpoint_status[].response` alike.
 *
 * @example
 * ```ts
 * maskResponse({ status: 400, headers: {}, data: { req_body: { key: 'k' } } });
 * // { status: 400, headers: {}, data: { req_body: { key: '[REDACTED]' } } }
 * ```
 */
function maskResponse(response: WireResponse): WireResponse {
  const out: WireResponse = { status: response.status, headers: response.headers };
  if (response.data !== undefined) out.data = boundedBody(response.data);
  return out;
}

/**
 * A write's request as a report shows it: the URL through `redactUrl` (a password in a server
 * URL never reaches a report), body secrets masked.
 *
 * @example
 * ```ts
 * maskRequest({ method: 'PUT', url: 'http://u:p@gw/apisix/admin/ssls/1', headers: {} }).url;
 * // 'http://u:[REDACTED]@gw/apisix/admin/ssls/1'
 * ```
 */
function maskRequest(request: WireRequest): WireRequest {
  const out: WireRequest = { ...request, url: redactUrl(request.url) };
  if (request.data !== undefined) out.data = maskSecrets(request.data);
  return out;
}

export { maskEvent, maskRequest, maskResponse, maskSecrets };
