/**
 * The client's transport: one HTTP/1.1 exchange over `node:http` / `node:https` on the
 * caller's keep-alive agents. It replaced axios (issue 6): at 7,400 writes axios cost ~1 s of
 * CPU per sync in config merging, header objects and a `setKeepAlive` per request, for nothing
 * apisync used. What it must keep, it keeps on purpose:
 *
 * - redirects are never followed (`node:http` has no redirect logic: a 3xx is an answer);
 * - no proxy is read from the environment (`node:http` has none before Node 24's opt-in);
 * - every attempt has a deadline: the connection, the request and the whole response body;
 * - `Connection: keep-alive`, and `reusedSocket` as Node's agent reports it;
 * - statuses never reject: the client decides what an answer means.
 *
 * It settles with an `Attempt` instead of rejecting: a failed attempt is data for the retry
 * policy, not an exception.
 */
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Agents } from './types.js';
import { headersFromRaw, type WireHeaders } from './wire.js';

/** Where a request goes: parsed once per client for its `baseUrl`. */
interface Endpoint {
  https: boolean;
  /** Without IPv6 brackets, as `net.connect` wants it. */
  hostname: string;
  port: number | undefined;
  /** `scheme://authority` exactly as the caller wrote it: the prefix of every URL built on it. */
  origin: string;
  /** Basic credentials from `user:pass@`, decoded. */
  auth?: string;
}

interface Exchange {
  method: string;
  endpoint: Endpoint;
  /** Path and query, already percent-encoded. */
  path: string;
  /** Lower-case names. */
  headers: Readonly<WireHeaders>;
  body: string | Uint8Array | undefined;
  timeoutMs: number;
}

interface RawResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  bytes: Buffer;
  reusedSocket: boolean;
}

/** What one attempt ended with: an answer, or the error and whether the socket was reused. */
type Attempt = { response: RawResponse } | { error: unknown; reusedSocket: boolean };

const ORIGIN = /^(https?):\/\/([^/?#]*)/i;
/** A path Node accepts as it is; anything else goes through WHATWG URL encoding. */
const PLAIN_PATH = /^\/[\x21-\x7e]*$/;
const NO_BODY = Buffer.alloc(0);

function endpointOf(url: URL, origin: string): Endpoint {
  const https = url.protocol === 'https:';
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const endpoint: Endpoint = {
    https,
    hostname,
    port: url.port ? Number(url.port) : undefined,
    origin,
  };
  if (url.username || url.password) {
    endpoint.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return endpoint;
}

/**
 * The endpoint of a base URL (scheme, host, port), parsed once.
 *
 * @example
 * ```ts
 * parseEndpoint('https://[::1]:9180/'); // { https: true, hostname: '::1', port: 9180, origin: 'https://[::1]:9180' }
 * ```
 */
function parseEndpoint(baseUrl: string): Endpoint {
  const origin = ORIGIN.exec(baseUrl)?.[0];
  if (origin === undefined) {
    throw new TypeError(`not an http(s) URL: ${baseUrl.replace(/[?#].*$/, '')}`);
  }
  return endpointOf(new URL(baseUrl), origin);
}

/**
 * Splits a full URL into the endpoint and the request path, reusing `base` when the URL is
 * on it (the common case: no URL parsing per request).
 *
 * @example
 * ```ts
 * const base = parseEndpoint('http://127.0.0.1:9180');
 * target(base, 'http://127.0.0.1:9180/apisix/admin/routes?page=2').path; // '/apisix/admin/routes?page=2'
 * ```
 */
function target(base: Endpoint, url: string): { endpoint: Endpoint; path: string } {
  const next = url.charCodeAt(base.origin.length);
  // '/' or '?' (or the end) right after the origin: the URL is on the base endpoint.
  if (url.startsWith(base.origin) && (Number.isNaN(next) || next === 47 || next === 63)) {
    const rest = url.slice(base.origin.length);
    const path = rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest;
    if (PLAIN_PATH.test(path)) return { endpoint: base, path };
  }
  const parsed = new URL(url);
  const origin = ORIGIN.exec(url)?.[0] ?? parsed.origin;
  return { endpoint: endpointOf(parsed, origin), path: `${parsed.pathname}${parsed.search}` };
}

/** Undoes a `Content-Encoding` the server applied anyway (apisync asks for none). */
function decoded(bytes: Buffer, encoding: string | undefined): Buffer {
  if (bytes.length === 0 || encoding === undefined) return bytes;
  switch (encoding.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(bytes);
    case 'deflate':
      return inflateSync(bytes);
    case 'br':
      return brotliDecompressSync(bytes);
    default:
      return bytes;
  }
}

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`timeout of ${ms}ms exceeded`), { code: 'ETIMEDOUT' });
}

/** Reads the whole body, then settles; every error path settles exactly once. */
function collect(res: IncomingMessage, req: ClientRequest, settle: (a: Attempt) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('error', (error) => settle({ error, reusedSocket: req.reusedSocket }));
  res.on('end', () => {
    const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const headers = headersFromRaw(res.rawHeaders);
    try {
      const bytes = decoded(raw.length === 0 ? NO_BODY : raw, headers['content-encoding']);
      const status = res.statusCode ?? 0;
      settle({ response: { status, headers, bytes, reusedSocket: req.reusedSocket } });
    } catch (error) {
      settle({ error, reusedSocket: req.reusedSocket });
    }
  });
}

/** The `Host` header `node:http` derives from the endpoint: IPv6 in brackets, port unless default. */
function hostHeader(endpoint: Endpoint): string {
  const host = endpoint.hostname || 'localhost';
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const { port } = endpoint;
  return port !== undefined && port !== (endpoint.https ? 443 : 80)
    ? `${bracketed}:${port}`
    : bracketed;
}

/**
 * The headers as Node's flat raw list, with `Host` and (from `user:pass@`) `Authorization`
 * appended as `node:http` appends them to a header object: the same bytes on the wire. Node
 * validates a raw list too, but skips the per-header `setHeader` bookkeeping (thousands of
 * requests a sync). With a `host` of the caller's, the object goes as it is: Node then derives
 * TLS SNI from that header.
 */
function wireHeaders(
  endpoint: Endpoint,
  headers: Readonly<WireHeaders>,
): RequestOptions['headers'] {
  if (headers.host !== undefined) return headers;
  const raw: string[] = [];
  for (const name in headers) raw.push(name, String(headers[name]));
  raw.push('Host', hostHeader(endpoint));
  if (endpoint.auth !== undefined && headers.authorization === undefined) {
    raw.push('Authorization', `Basic ${Buffer.from(endpoint.auth).toString('base64')}`);
  }
  return raw;
}

/** Starts the request on the agent of its scheme. */
function send(
  agents: Agents,
  ex: Exchange,
  onResponse: (res: IncomingMessage) => void,
): ClientRequest {
  const { endpoint } = ex;
  const options: RequestOptions & { servername?: string } = {
    method: ex.method,
    hostname: endpoint.hostname,
    port: endpoint.port,
    path: ex.path,
    headers: wireHeaders(endpoint, ex.headers),
    auth: endpoint.auth,
    agent: endpoint.https ? agents.httpsAgent : agents.httpAgent,
  };
  // SNI is TLS-only: '' spares Node's agent working one out (and testing the host for an IP
  // address) for every plain-HTTP request. HTTPS keeps Node's choice, or the agent's own.
  if (!endpoint.https) options.servername = '';
  return endpoint.https ? httpsRequest(options, onResponse) : httpRequest(options, onResponse);
}

/**
 * Sends one request on the agents and reads the whole answer. Never rejects: errors (network,
 * TLS, the deadline) settle as `{ error, reusedSocket }`.
 *
 * @example
 * ```ts
 * const endpoint = parseEndpoint('http://127.0.0.1:9180');
 * const attempt = await exchange(agents, {
 *   method: 'GET', endpoint, path: '/apisix/admin/routes', headers: { accept: 'application/json' },
 *   body: undefined, timeoutMs: 5000,
 * });
 * if ('response' in attempt) console.log(attempt.response.status);
 * ```
 */
function exchange(agents: Agents, ex: Exchange): Promise<Attempt> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (attempt: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(attempt);
    };
    let req: ClientRequest;
    try {
      req = send(agents, ex, (res) => collect(res, req, settle));
    } catch (error) {
      // Thrown before anything was sent (an invalid header value, say): a failed attempt too.
      settle({ error, reusedSocket: false });
      return;
    }
    // One deadline per attempt, over connect, request and the whole body.
    timer = setTimeout(() => {
      // Settled first: destroying the request makes it (or the response) emit its own error.
      const error = timeoutError(ex.timeoutMs);
      settle({ error, reusedSocket: req.reusedSocket });
      req.destroy(error);
    }, ex.timeoutMs);
    req.on('error', (error) => settle({ error, reusedSocket: req.reusedSocket }));
    req.end(ex.body);
  });
}

export type { Attempt, Endpoint, Exchange, RawResponse };
export { exchange, parseEndpoint, target };
