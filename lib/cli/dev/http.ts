/**
 * The local stack's HTTP server: `/sync`, `/validate` and `/healthz/ready` go to the sync-api
 * core, `POST /webhook/<target>` to the webhook receiver; everything else is the core's JSON
 * 404/405. The same cores the Lambda handlers call, behind Node's `http` instead of events.
 *
 * @example
 * ```ts
 * const server = await listen({ api, webhook, host: '127.0.0.1', port: 3000 });
 * await closeServer(server);
 * ```
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SyncApi, SyncApiResponse } from '../../sync/api/index.js';
import type { WebhookReceiver } from '../../webhook/types.js';

interface DevHttpOptions {
  api: SyncApi;
  /** Absent when no webhook receiver runs (it is always present in `apisync dev`). */
  webhook?: WebhookReceiver;
  host: string;
  port: number;
  /** Bytes read before giving up on a body; the core answers 413 above its own limit. */
  maxBodyBytes: number;
}

/** Reads at most `cap + 1` bytes: enough for the core to see the body is too large. */
function readBody(req: IncomingMessage, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > cap) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

function send(res: ServerResponse, reply: SyncApiResponse): void {
  const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function route(options: DevHttpOptions, req: IncomingMessage): Promise<SyncApiResponse> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = headersOf(req);
  const rawBody = await readBody(req, options.maxBodyBytes);
  const requestId = randomUUID();
  if (options.webhook && url.pathname.startsWith('/webhook/')) {
    const answer = await options.webhook({ method, path: url.pathname, headers, rawBody });
    return {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
      body: answer.body,
    };
  }
  return options.api.handle({ method, path: url.pathname, headers, rawBody, requestId });
}

/**
 * Starts the server; resolves once it listens. Port 0 picks a free port (tests).
 *
 * @example
 * ```ts
 * const server = await listen({ api, host: '127.0.0.1', port: 0, maxBodyBytes: 6 * 1024 * 1024 });
 * ```
 */
async function listen(options: DevHttpOptions): Promise<Server> {
  const server = createServer((req, res) => {
    route(options, req).then(
      (reply) => send(res, reply),
      () => send(res, { status: 500, headers: {}, body: { message: 'Internal error' } }),
    );
  });
  // Short idle keep-alive so Ctrl-C never waits on a client's idle socket.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/**
 * The `http://host:port` a listening server answers on.
 *
 * @example
 * ```ts
 * urlOf(server); // 'http://127.0.0.1:3000'
 * ```
 */
function urlOf(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${port}`;
}

/**
 * Stops accepting, closes idle and active connections, and resolves when closed.
 *
 * @example
 * ```ts
 * await closeServer(server);
 * ```
 */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export type { DevHttpOptions };
export { closeServer, listen, urlOf };
