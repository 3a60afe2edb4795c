/**
 * Test-only: what the REST stand-ins know about a repository, read from a real bare
 * repository with git plumbing commands; and the small loopback server they share.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { git, gitBytes } from './git-repo.js';

interface TreeRow {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  /** Bytes, for blobs. */
  size?: number;
  path: string;
}

/** The commit a ref (branch, tag, SHA) names, or undefined. */
function commitOf(bare: string, ref: string): string | undefined {
  try {
    return git(bare, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    return undefined;
  }
}

/** The recursive tree of a commit, directories included (like GitHub's `recursive=1`). */
function treeOf(bare: string, sha: string): { treeSha: string; rows: TreeRow[] } {
  const treeSha = git(bare, 'rev-parse', `${sha}^{tree}`);
  const out = git(bare, 'ls-tree', '-r', '-t', '-l', '-z', sha);
  const rows = out
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta = '', path = ''] = line.split('\t');
      const [mode = '', type = 'blob', objectSha = '', size = '-'] = meta.split(/\s+/);
      const row: TreeRow = { mode, type: type as TreeRow['type'], sha: objectSha, path };
      if (size !== '-') row.size = Number(size);
      return row;
    });
  return { treeSha, rows };
}

/** The bytes of a blob. */
function blobOf(bare: string, sha: string): Buffer | undefined {
  try {
    return gitBytes(bare, 'cat-file', 'blob', sha);
  } catch {
    return undefined;
  }
}

interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  status?: number;
}

interface StandIn {
  baseUrl: string;
  requests: StandInRequest[];
  close(): Promise<void>;
}

/**
 * Starts a loopback server; `handle` answers each request, which is logged with its status.
 *
 * @example
 * ```ts
 * const server = await startStandIn((req, res) => { res.writeHead(404).end(); });
 * ```
 */
async function startStandIn(
  handle: (req: StandInRequest, res: ServerResponse) => void,
): Promise<StandIn> {
  const requests: StandInRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const entry: StandInRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
    };
    requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    req.resume();
    req.on('end', () => handle(entry, res));
  });
  // Node 20 clients drop a pooled socket 1 s before the advertised keep-alive timeout, so a
  // 1 s timeout would defeat reuse; 5 s is Node's default and close() ends idle sockets anyway.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Writes a JSON answer. */
function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

export type { StandIn, StandInRequest, TreeRow };
export { blobOf, commitOf, sendJson, startStandIn, treeOf };
