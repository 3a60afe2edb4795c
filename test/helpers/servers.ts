/**
 * Loopback servers for integration tests: real `node:http`/`node:https` servers on port 0 that
 * count TCP connections and requests, remember which connection served each request, and close
 * everything on `close()`.
 *
 * @example
 * ```ts
 * const srv = await startServer((req, res) => res.end('{}'));
 * // … srv.url, srv.connections, srv.requests …
 * await srv.close();
 * ```
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { Socket } from 'node:net';

type Handler = (req: IncomingMessage, res: ServerResponse, info: RequestInfo) => void;

interface RequestInfo {
  /** 1-based id of the TCP connection the request arrived on. */
  connectionId: number;
  /** Milliseconds the connection was idle before this request (0 for its first). */
  idleMs: number;
  /** The TLS client certificate's CN, when one was presented. */
  clientCn?: string;
}

interface TestServer {
  url: string;
  port: number;
  /** TCP connections accepted so far (`connection` events; `secureConnection` for TLS). */
  readonly connections: number;
  /** Connections currently open. */
  readonly openConnections: number;
  /** Ids of the connections that have closed, in closing order. */
  readonly closedConnections: number[];
  /** Requests received (each record: method, url, connection id). */
  readonly requests: { method: string; url: string; connectionId: number; clientCn?: string }[];
  close(): Promise<void>;
}

interface ServerState {
  nextId: number;
  ids: WeakMap<Socket, number>;
  lastDone: WeakMap<Socket, number>;
  open: Set<Socket>;
  closed: number[];
  requests: TestServer['requests'];
}

function clientCn(req: IncomingMessage): string | undefined {
  const socket = req.socket as Socket & {
    getPeerCertificate?: () => { subject?: { CN?: string } };
  };
  const cn = socket.getPeerCertificate?.()?.subject?.CN;
  return typeof cn === 'string' ? cn : undefined;
}

function wire(server: Server, state: ServerState, handler: Handler, tls: boolean): void {
  const onConnection = (socket: Socket) => {
    const id = ++state.nextId;
    state.ids.set(socket, id);
    state.open.add(socket);
    socket.on('close', () => {
      state.open.delete(socket);
      state.closed.push(id);
    });
  };
  server.on(tls ? 'secureConnection' : 'connection', onConnection);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const connectionId = state.ids.get(req.socket) ?? 0;
    const last = state.lastDone.get(req.socket);
    const info: RequestInfo = {
      connectionId,
      idleMs: last === undefined ? 0 : Date.now() - last,
      clientCn: clientCn(req),
    };
    state.requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      connectionId,
      clientCn: info.clientCn,
    });
    res.on('finish', () => state.lastDone.set(req.socket, Date.now()));
    handler(req, res, info);
  });
}

async function listen(
  server: Server,
  state: ServerState,
  protocol: 'http' | 'https',
): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `${protocol}://127.0.0.1:${port}`,
    port,
    get connections() {
      return state.nextId;
    },
    get openConnections() {
      return state.open.size;
    },
    closedConnections: state.closed,
    requests: state.requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of state.open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function newState(): ServerState {
  return {
    nextId: 0,
    ids: new WeakMap(),
    lastDone: new WeakMap(),
    open: new Set(),
    closed: [],
    requests: [],
  };
}

/** Starts an HTTP server; APISIX-like keep-alive (60 s) unless `keepAliveTimeoutMs` says otherwise. */
async function startServer(handler: Handler, keepAliveTimeoutMs = 60_000): Promise<TestServer> {
  const server = createHttpServer();
  server.keepAliveTimeout = keepAliveTimeoutMs;
  const state = newState();
  wire(server, state, handler, false);
  return listen(server, state, 'http');
}

/** Starts an HTTPS server with the given TLS options (add `requestCert` for mTLS). */
async function startTlsServer(options: ServerOptions, handler: Handler): Promise<TestServer> {
  const server = createHttpsServer(options);
  server.keepAliveTimeout = 60_000;
  const state = newState();
  wire(server, state, handler, true);
  return listen(server, state, 'https');
}

/** Reads the request body, then answers `status` with a JSON body. */
function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    });
  };
}

export type { Handler, RequestInfo, TestServer };
export { json, startServer, startTlsServer };
