/** The listener: Node http/https server shaped like APISIX's admin `server {}` block. */
import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { AdminRequest, Ctx } from './context.js';
import { dispatchEtcd } from './dispatch.js';
import type { Faults } from './faults.js';
import { nginxPage, type Reply } from './reply.js';
import { splitTarget } from './request-url.js';
import { dispatchStandalone } from './standalone.js';
import type { EmulatorConnection, EmulatorRequest, EmulatorTls, FaultState } from './types.js';

/** A hard cap on buffered bodies so a runaway client cannot exhaust memory (standalone has no cap). */
const HARD_BODY_LIMIT = 64 * 1024 * 1024;

interface ServerDeps {
  ctx: Ctx;
  faults: Faults;
  tls?: EmulatorTls;
  keepAliveTimeoutMs: number;
  latencyMs: number;
  requests: EmulatorRequest[];
  connections: EmulatorConnection[];
  maxLogEntries: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Appends to a live log, dropping the oldest entries beyond `max` (in batches, not per push). */
function remember<T>(log: T[], entry: T, max: number): void {
  log.push(entry);
  if (log.length > max + Math.max(1, Math.floor(max / 10))) log.splice(0, log.length - max);
}

function parseRequest(req: IncomingMessage, body: Buffer | undefined): AdminRequest {
  const { path: decoded, query } = splitTarget(req.url ?? '/');
  const path = decoded.replace(/\/{2,}/g, '/');
  const parts = path.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  const admin = parts.slice(0, 3).join('/') === '/apisix/admin';
  const segments = admin ? parts.slice(3) : [];
  return {
    method: req.method ?? 'GET',
    path,
    segments,
    query,
    headers: req.headers,
    body,
  };
}

function commonHeaders(ctx: Ctx, reply: Reply): Record<string, string> {
  return {
    Server: `APISIX/${ctx.version}`,
    'Content-Type': 'application/json',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': '*',
    'Access-Control-Max-Age': '3600',
    ...(reply.apiVersion ? { 'X-API-VERSION': 'v3' } : {}),
    ...reply.headers,
  };
}

function preflight(ctx: Ctx): Reply {
  return {
    status: 200,
    raw: '',
    headers: {
      Server: `APISIX/${ctx.version}`,
      'Content-Type': 'text/plain; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Max-Age': '3600',
      'Access-Control-Allow-Methods': 'POST, GET, PUT, OPTIONS, DELETE, PATCH',
      'Access-Control-Allow-Headers': '*',
    },
  };
}

function send(
  ctx: Ctx,
  req: IncomingMessage,
  res: ServerResponse,
  reply: Reply,
  close: boolean,
): void {
  const headers = req.method === 'OPTIONS' ? (reply.headers ?? {}) : commonHeaders(ctx, reply);
  // Lua's cjson writes tables followed by one newline; strings go out raw.
  const text = reply.raw ?? (reply.body === undefined ? '' : `${JSON.stringify(reply.body)}\n`);
  if (close) headers.Connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(req.method === 'HEAD' ? undefined : text);
  if (close) res.once('finish', () => req.socket.destroy());
}

function mtlsFailure(deps: ServerDeps, socket: Socket): Reply | undefined {
  if (!deps.tls?.ca) return undefined;
  const tlsSocket = socket as TLSSocket;
  if (tlsSocket.authorized) return undefined;
  const peer = tlsSocket.getPeerCertificate();
  const sent = peer && Object.keys(peer).length > 0;
  return nginxPage(
    400,
    sent ? 'The SSL certificate error' : 'No required SSL certificate was sent',
  );
}

function faultReply(fault: FaultState): Reply | undefined {
  if (fault.status === undefined) return undefined;
  if (typeof fault.body === 'string') return { status: fault.status, raw: fault.body };
  return { status: fault.status, body: fault.body ?? { error_msg: 'injected fault' } };
}

async function answer(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer | undefined,
) {
  const parsed = parseRequest(req, body);
  const fault = deps.faults.match(parsed.method, parsed.path);
  const conn = connectionOf(req.socket);
  const delay = deps.latencyMs + (fault?.delayMs ?? 0);
  if (delay > 0) await sleep(delay);
  if (fault?.reset) {
    remember(
      deps.requests,
      { method: parsed.method, path: req.url ?? '', status: 0, connectionId: conn },
      deps.maxLogEntries,
    );
    req.socket.destroy();
    return;
  }
  const { ctx } = deps;
  const reply =
    mtlsFailure(deps, req.socket) ??
    (fault ? faultReply(fault) : undefined) ??
    (parsed.method === 'OPTIONS' ? preflight(ctx) : undefined) ??
    (!parsed.path.startsWith('/apisix/admin') ? nginxPage(404) : undefined) ??
    (ctx.mode === 'standalone' ? dispatchStandalone(ctx, parsed) : dispatchEtcd(ctx, parsed));
  remember(
    deps.requests,
    { method: parsed.method, path: req.url ?? '', status: reply.status, connectionId: conn },
    deps.maxLogEntries,
  );
  send(ctx, req, res, reply, fault?.closeAfter === true);
}

const socketConnections = new WeakMap<Socket, EmulatorConnection>();
function connectionOf(socket: Socket): number {
  return socketConnections.get(socket)?.id ?? 0;
}

function onRequest(deps: ServerDeps) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const entry = socketConnections.get(req.socket);
    if (entry) entry.requests += 1;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > HARD_BODY_LIMIT) req.socket.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      answer(deps, req, res, body).catch(() => {
        if (!res.headersSent) send(deps.ctx, req, res, nginxPage(500), false);
      });
    });
  };
}

/**
 * Creates the listener (not yet listening) with APISIX's connection settings.
 *
 * @example
 * ```ts
 * const server = createAdminServer(deps);
 * server.listen(0, '127.0.0.1');
 * ```
 */
function createAdminServer(deps: ServerDeps): Server {
  const handler = onRequest(deps);
  const server: Server = deps.tls
    ? createHttps(
        {
          cert: deps.tls.cert,
          key: deps.tls.key,
          ca: deps.tls.ca,
          requestCert: Boolean(deps.tls.ca),
          rejectUnauthorized: false,
        },
        handler,
      )
    : createHttp(handler);
  server.keepAliveTimeout = deps.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = 1000;
  server.headersTimeout = 60_000;
  server.requestTimeout = 60_000;
  let accepted = 0;
  const track = (socket: Socket) => {
    accepted += 1;
    const connection: EmulatorConnection = { id: accepted, openedAt: Date.now(), requests: 0 };
    socketConnections.set(socket, connection);
    remember(deps.connections, connection, deps.maxLogEntries);
    socket.once('close', () => {
      connection.closedAt = Date.now();
    });
  };
  server.on(deps.tls ? 'secureConnection' : 'connection', track);
  return server;
}

export type { ServerDeps };
export { createAdminServer };
