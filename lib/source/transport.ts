/**
 * The raw HTTP transport of `lib/source`: one request over Node's `http`/`https` with the
 * caller's pooled agents, the response body left as a stream. isomorphic-git's HTTP plugin and
 * the REST client both sit on it, so git traffic shares the caller's connection pool.
 */
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { NetworkError, TimeoutError } from '../errors.js';
import type { Agents } from '../http/types.js';
import { redactUrl } from './url.js';

interface RawRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
  /** Sent chunk by chunk (isomorphic-git hands over an array or an async iterator). */
  body?: Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
  agents?: Agents;
  /** Socket inactivity timeout. */
  timeoutMs: number;
}

interface RawResponse {
  url: string;
  statusCode: number;
  statusMessage: string;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: IncomingMessage;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

function flattenHeaders(raw: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function sendOnce(req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.url);
  const https = url.protocol === 'https:';
  const send = https ? httpsRequest : httpRequest;
  const agent = https ? req.agents?.httpsAgent : req.agents?.httpAgent;
  const shown = redactUrl(req.url);
  return new Promise<RawResponse>((resolve, reject) => {
    const headers: OutgoingHttpHeaders = { 'user-agent': 'apisync', ...req.headers };
    const outgoing = send(url, { method: req.method, headers, agent }, (res) => {
      resolve({
        url: req.url,
        statusCode: res.statusCode ?? 0,
        statusMessage: res.statusMessage ?? '',
        headers: flattenHeaders(res.headers),
        body: res,
      });
    });
    outgoing.setTimeout(req.timeoutMs, () => {
      outgoing.destroy(
        new TimeoutError({ method: req.method, url: shown, timeoutMs: req.timeoutMs }),
      );
    });
    outgoing.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof TimeoutError) reject(err);
      else
        reject(
          new NetworkError({
            method: req.method,
            url: shown,
            code: err.code,
            message: err.message,
          }),
        );
    });
    writeBody(outgoing, req.body).catch((err: unknown) => outgoing.destroy(err as Error));
  });
}

async function writeBody(outgoing: NodeJS.WritableStream, body: RawRequest['body']): Promise<void> {
  if (body) for await (const chunk of body) outgoing.write(chunk);
  outgoing.end();
}

/**
 * Sends one request, following up to five redirects for GET and HEAD (dropping
 * `Authorization` when a redirect leaves the origin).
 *
 * @example
 * ```ts
 * const res = await sendRaw({ url: 'https://example.com/x', method: 'GET', timeoutMs: 5000, agents });
 * for await (const chunk of res.body) process.stdout.write(chunk);
 * ```
 */
async function sendRaw(req: RawRequest): Promise<RawResponse> {
  let current = req;
  for (let hop = 0; ; hop++) {
    const res = await sendOnce(current);
    const location = res.headers.location;
    const followable = current.method === 'GET' || current.method === 'HEAD';
    if (!REDIRECTS.has(res.statusCode) || !location || !followable || hop >= MAX_REDIRECTS)
      return res;
    res.body.resume();
    const next = new URL(location, current.url);
    const headers = { ...current.headers };
    if (next.origin !== new URL(current.url).origin) delete headers.Authorization;
    if (next.origin !== new URL(current.url).origin) delete headers.authorization;
    current = { ...current, url: next.toString(), headers };
  }
}

/** Reads a whole response body. */
async function readBody(res: RawResponse): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of res.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export type { RawRequest, RawResponse };
export { readBody, sendRaw };
