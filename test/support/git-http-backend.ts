/**
 * Test-only: git's own smart-HTTP server (`git http-backend`, a CGI program) behind a small
 * loopback `node:http` wrapper. It serves every bare repository under `projectRoot`, can demand
 * a token over Basic auth, and records each request so tests can count pack downloads.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const BACKEND = '/usr/lib/git-core/git-http-backend';

interface BackendRequest {
  method: string;
  /** Path inside the project root, e.g. `/cfg.git/info/refs`. */
  path: string;
  query: string;
  /** For POSTs to `git-upload-pack`: `ls-refs` (protocol v2) or `fetch` (v1 or v2). */
  command?: 'ls-refs' | 'fetch';
  /** For `fetch`: how many `have` lines the client sent (0 = a full download). */
  haves?: number;
  status: number;
  /** The Basic-auth user name, when one was sent. */
  user?: string;
}

interface GitBackend {
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  /** Clone URL of a repository under the project root. */
  url(repo: string): string;
  requests: BackendRequest[];
  /** Pack downloads (upload-pack `fetch` requests) so far. */
  fetches(): number;
  close(): Promise<void>;
}

interface BackendOptions {
  projectRoot: string;
  /** When set, every request needs Basic auth whose password is this token. */
  token?: string;
  /** Called as each request arrives, before git answers it (push a commit mid-read, …). */
  onRequest?: (req: BackendRequest) => void;
}

function basicAuth(req: IncomingMessage): { user: string; password: string } | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0
    ? undefined
    : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function cgiEnv(req: IncomingMessage, url: URL, root: string, user?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    REMOTE_USER: user ?? '',
  };
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
  // CGI passes request headers as HTTP_*; http-backend reads Git-Protocol and Content-Encoding.
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') env[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  }
  return env;
}

/** Splits the CGI header block from the body and writes both to `res`. */
function pipeCgiOutput(
  stdout: NodeJS.ReadableStream,
  res: ServerResponse,
  onStatus: (s: number) => void,
): void {
  let head = Buffer.alloc(0);
  let headersDone = false;
  stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    onStatus(status);
    res.statusCode = status;
    res.write(head.subarray(end + 4));
  });
  stdout.on('end', () => res.end());
}

function commandOf(first: Buffer): BackendRequest['command'] {
  return first.includes('command=ls-refs') ? 'ls-refs' : 'fetch';
}

function handle(
  req: IncomingMessage,
  res: ServerResponse,
  opts: BackendOptions,
  log: BackendRequest[],
): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const auth = basicAuth(req);
  const entry: BackendRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.search,
    status: 0,
    user: auth?.user,
  };
  log.push(entry);
  opts.onRequest?.(entry);
  if (opts.token && auth?.password !== opts.token) {
    entry.status = 401;
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' });
    res.end('authentication required\n');
    return;
  }
  const cgi = spawn(BACKEND, [], { env: cgiEnv(req, url, opts.projectRoot, auth?.user) });
  if (entry.method === 'POST' && url.pathname.endsWith('/git-upload-pack')) {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('latin1');
      entry.command = commandOf(Buffer.from(body, 'latin1'));
      entry.haves = body.match(/have [0-9a-f]{40}/g)?.length ?? 0;
    });
  }
  req.pipe(cgi.stdin);
  cgi.stderr.resume();
  pipeCgiOutput(cgi.stdout, res, (status) => {
    entry.status = status;
  });
}

/**
 * Starts the wrapper on a loopback port.
 *
 * @example
 * ```ts
 * const backend = await startGitHttpBackend({ projectRoot: dir });
 * await readSource({ type: 'git', url: backend.url('cfg.git') }, {}, {});
 * await backend.close();
 * ```
 */
async function startGitHttpBackend(opts: BackendOptions): Promise<GitBackend> {
  const requests: BackendRequest[] = [];
  const server = createServer((req, res) => handle(req, res, opts, requests));
  // Node 20 clients drop a pooled socket 1 s before the advertised keep-alive timeout, so a
  // 1 s timeout would defeat reuse; 5 s is Node's default and close() ends idle sockets anyway.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    url: (repo) => `${baseUrl}/${repo}`,
    requests,
    fetches: () => requests.filter((r) => r.command === 'fetch').length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export type { BackendRequest, GitBackend };
export { startGitHttpBackend };
