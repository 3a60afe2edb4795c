/** Test-only: a tiny HTTP client for emulator tests (node:http, so any method can be sent). */
import { type Agent, request } from 'node:http';
import { request as requestTls } from 'node:https';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

interface CallOptions {
  headers?: Record<string, string>;
  body?: unknown;
  agent?: Agent | false;
  key?: string;
  cert?: string;
  ca?: string;
}

/**
 * Sends one request; `body` objects are JSON-encoded, strings sent raw.
 */
function call(
  baseUrl: string,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<Answer> {
  const body =
    opts.body === undefined
      ? undefined
      : typeof opts.body === 'string'
        ? opts.body
        : JSON.stringify(opts.body);
  const headers = {
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...opts.headers,
  };
  const send = baseUrl.startsWith('https') ? requestTls : request;
  return new Promise((resolve, reject) => {
    const req = send(
      `${baseUrl}${path}`,
      { method, headers, agent: opts.agent ?? false, key: opts.key, cert: opts.cert, ca: opts.ca },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export type { Answer };
export { call };
