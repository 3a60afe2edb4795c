/**
 * Request and response encoding for the client: URL building, JSON bodies, header
 * normalisation and body decoding. Pure helpers, no I/O.
 */
import type { HttpRequest } from './types.js';

/** Request headers as the client builds them: lower-case names, `content-length` a number. */
type WireHeaders = Record<string, string | number>;

/** Sent unless the caller's headers say otherwise. */
const DEFAULT_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  accept: 'application/json',
  // Some APIs (GitHub's) refuse requests without one.
  'user-agent': 'apisync',
  connection: 'keep-alive',
});

/** Methods whose request carries a body: sent with a `content-length`, 0 when empty. */
const BODY_METHODS: ReadonlySet<string> = new Set(['PUT', 'POST', 'PATCH']);

/**
 * Joins `baseUrl` and a request path (an absolute URL wins) and appends the query, skipping
 * undefined values.
 *
 * @example
 * ```ts
 * buildUrl('http://127.0.0.1:9180/', '/apisix/admin/routes', { page: 2 });
 * // 'http://127.0.0.1:9180/apisix/admin/routes?page=2'
 * ```
 */
function buildUrl(baseUrl: string, path: string, query?: HttpRequest['query']): string {
  const absolute = /^https?:\/\//i.test(path);
  const joined = absolute
    ? path
    : `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
  if (query === undefined) {
    return joined;
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) {
      params.append(key, String(value));
    }
  }
  const qs = params.toString();
  if (!qs) {
    return joined;
  }
  return `${joined}${joined.includes('?') ? '&' : '?'}${qs}`;
}

/**
 * The bytes to send and whether they are JSON. Objects become JSON; strings and byte arrays
 * are sent unchanged.
 *
 * @example
 * ```ts
 * encodeBody({ uri: '/a' }); // { data: '{"uri":"/a"}', json: true }
 * ```
 */
function encodeBody(body: unknown): { data: string | Uint8Array | undefined; json: boolean } {
  if (body === undefined) {
    return { data: undefined, json: false };
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    return { data: body, json: false };
  }
  return { data: JSON.stringify(body), json: true };
}

/**
 * Lower-cased header names; repeated headers joined with `, `.
 *
 * @example
 * ```ts
 * normalizeHeaders({ Server: 'APISIX/3.13.0' }); // { server: 'APISIX/3.13.0' }
 * ```
 */
function normalizeHeaders(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) {
      continue;
    }
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * Response headers Node discards when repeated (its `message.headers` rules): the first wins.
 * `set-cookie` is an array there and `cookie` is joined with `; `; everything else with `, `.
 */
const FIRST_WINS: ReadonlySet<string> = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/** Header names seen, lower-cased: a server sends the same dozen names on every answer. */
const LOWER_NAMES = new Map<string, string>();
const MAX_LOWER_NAMES = 256;

/**
 * The lower-cased name, the same string each time: a property key V8 has seen is far cheaper
 * to look up and store than a fresh one. Bounded, so odd names cannot grow it.
 */
function lowerName(name: string): string {
  let lower = LOWER_NAMES.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (LOWER_NAMES.size < MAX_LOWER_NAMES) LOWER_NAMES.set(name, lower);
  }
  return lower;
}

/**
 * `normalizeHeaders(message.headers)` in one pass over `message.rawHeaders`: the same record
 * (Node's duplicate rules, then arrays joined with `, `) without building Node's object first.
 * It runs once per answer: thousands of times a sync.
 *
 * @example
 * ```ts
 * headersFromRaw(['Server', 'APISIX', 'Vary', 'a', 'Vary', 'b']); // { server: 'APISIX', vary: 'a, b' }
 * ```
 */
function headersFromRaw(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = lowerName(raw[i] as string);
    const value = raw[i + 1] as string;
    // `typeof`, not `=== undefined`: `constructor` and friends are inherited, not headers.
    const previous: unknown = out[name];
    if (typeof previous !== 'string') out[name] = value;
    else if (name === 'cookie') out[name] = `${previous}; ${value}`;
    else if (!FIRST_WINS.has(name)) out[name] = `${previous}, ${value}`;
  }
  return out;
}

/**
 * Decodes a response body: `buffer` as bytes, `text` as UTF-8, `json` (default) parsed when it
 * parses, else the text; an empty JSON body is `undefined`.
 *
 * @example
 * ```ts
 * decodeBody(Buffer.from('{"total":0}'), 'json'); // { total: 0 }
 * ```
 */
function decodeBody(bytes: Buffer, type: HttpRequest['responseType'] = 'json'): unknown {
  if (type === 'buffer') {
    return bytes;
  }
  const text = bytes.toString('utf8');
  if (type === 'text') {
    return text;
  }
  if (text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function lowerCased(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) out[name.toLowerCase()] = headers[name] as string;
  return out;
}

/**
 * A client's headers for every request: the defaults, then the client's own, names lower-cased
 * so that one spelling of a name wins.
 *
 * @example
 * ```ts
 * clientHeaders({ 'X-API-KEY': key });
 * // { accept: 'application/json', 'user-agent': 'apisync', connection: 'keep-alive', 'x-api-key': key }
 * ```
 */
function clientHeaders(headers?: Record<string, string>): Record<string, string> {
  return { ...DEFAULT_HEADERS, ...lowerCased(headers) };
}

/**
 * One request's headers: the client's, the request's own, and the body's type and length.
 * Returns `base` itself when nothing is added (Node copies headers into the request).
 *
 * @example
 * ```ts
 * headersFor(clientHeaders(), { method: 'PUT', path: '/r' }, encodeBody({ a: 1 }));
 * // { …, 'content-type': 'application/json', 'content-length': 7 }
 * ```
 */
function headersFor(
  base: Readonly<WireHeaders>,
  req: Pick<HttpRequest, 'method' | 'headers'>,
  body: ReturnType<typeof encodeBody>,
): Readonly<WireHeaders> {
  const hasBody = body.data !== undefined || BODY_METHODS.has(req.method);
  if (req.headers === undefined && !hasBody) {
    return base;
  }
  const headers: WireHeaders = { ...base, ...lowerCased(req.headers) };
  if (body.json && headers['content-type'] === undefined) {
    headers['content-type'] = 'application/json';
  }
  if (hasBody) {
    const { data } = body;
    headers['content-length'] =
      data === undefined ? 0 : typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  }
  return headers;
}

export type { WireHeaders };
export {
  buildUrl,
  clientHeaders,
  decodeBody,
  encodeBody,
  headersFor,
  headersFromRaw,
  normalizeHeaders,
};
