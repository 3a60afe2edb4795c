/**
 * Test-only: a GitLab REST v4 stand-in built from the documented response shapes
 * (docs.gitlab.com/api/commits, /repositories#list-repository-tree, /repository_files#get-raw-file,
 * offset pagination headers), answering from a real bare repository.
 */
import type { ServerResponse } from 'node:http';
import { basename } from 'node:path';
import {
  blobOf,
  commitOf,
  type StandIn,
  type StandInRequest,
  sendJson,
  startStandIn,
  treeOf,
} from './git-plumbing.js';

interface GitlabStandInOptions {
  bare: string;
  /** Project path, e.g. `acme/platform/cfg`. */
  project?: string;
  /** When set, requests need `PRIVATE-TOKEN: <token>`. */
  token?: string;
  /** Page size cap (GitLab's maximum is 100); small values exercise pagination. */
  maxPerPage?: number;
  onRequest?: (req: StandInRequest) => void;
}

interface GitlabStandIn extends StandIn {
  count(pathPart: string): number;
}

function answerCommit(res: ServerResponse, bare: string, ref: string): void {
  const sha = commitOf(bare, ref);
  if (!sha) {
    sendJson(res, 404, { message: '404 Commit Not Found' });
    return;
  }
  sendJson(res, 200, { id: sha, short_id: sha.slice(0, 8), title: 'stand-in', parent_ids: [] });
}

function answerTree(
  req: StandInRequest,
  res: ServerResponse,
  bare: string,
  maxPerPage: number,
  baseUrl: string,
): void {
  const ref = req.query.get('ref') ?? 'HEAD';
  const sha = commitOf(bare, ref);
  if (!sha) {
    sendJson(res, 404, { message: '404 Tree Not Found' });
    return;
  }
  const recursive = req.query.get('recursive') === 'true';
  const rows = treeOf(bare, sha).rows.filter((r) => recursive || !r.path.includes('/'));
  const perPage = Math.min(Number(req.query.get('per_page') ?? 20), maxPerPage);
  const page = Number(req.query.get('page') ?? 1);
  const slice = rows.slice((page - 1) * perPage, page * perPage);
  const totalPages = Math.max(1, Math.ceil(rows.length / perPage));
  const headers: Record<string, string> = {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-total': String(rows.length),
    'x-total-pages': String(totalPages),
    'x-next-page': page < totalPages ? String(page + 1) : '',
  };
  if (page < totalPages) {
    const next = new URLSearchParams(req.query);
    next.set('page', String(page + 1));
    headers.link = `<${baseUrl}${req.path}?${next}>; rel="next"`;
  }
  const body = slice.map((r) => ({
    id: r.sha,
    name: basename(r.path),
    type: r.type,
    path: r.path,
    mode: r.mode,
  }));
  sendJson(res, 200, body, headers);
}

function answerRaw(req: StandInRequest, res: ServerResponse, bare: string, filePath: string): void {
  const sha = commitOf(bare, req.query.get('ref') ?? 'HEAD');
  const row = sha
    ? treeOf(bare, sha).rows.find((r) => r.path === filePath && r.type === 'blob')
    : undefined;
  const bytes = row ? blobOf(bare, row.sha) : undefined;
  if (!bytes) {
    sendJson(res, 404, { message: '404 File Not Found' });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(bytes);
}

/**
 * Starts the stand-in on a loopback port; its API base is `<baseUrl>/api/v4`.
 *
 * @example
 * ```ts
 * const gl = await startGitlabStandIn({ bare: repo.bare, project: 'acme/cfg' });
 * await readSource({ type: 'gitlab', url: 'https://gitlab.example.com/acme/cfg' }, {}, { apiBaseUrl: `${gl.baseUrl}/api/v4` });
 * ```
 */
async function startGitlabStandIn(opts: GitlabStandInOptions): Promise<GitlabStandIn> {
  const prefix = `/api/v4/projects/${encodeURIComponent(opts.project ?? 'acme/cfg')}/repository/`;
  let baseUrl = '';
  const server = await startStandIn((req, res) => {
    opts.onRequest?.(req);
    if (opts.token && req.headers['private-token'] !== opts.token)
      return sendJson(res, 401, { message: '401 Unauthorized' });
    if (!req.path.startsWith(prefix))
      return sendJson(res, 404, { message: '404 Project Not Found' });
    const [kind, ...parts] = req.path.slice(prefix.length).split('/');
    if (kind === 'commits')
      return answerCommit(res, opts.bare, decodeURIComponent(parts.join('/')));
    if (kind === 'tree') return answerTree(req, res, opts.bare, opts.maxPerPage ?? 100, baseUrl);
    if (kind === 'files' && parts[1] === 'raw')
      return answerRaw(req, res, opts.bare, decodeURIComponent(parts[0] ?? ''));
    sendJson(res, 404, { message: '404 Not Found' });
  });
  baseUrl = server.baseUrl;
  return {
    ...server,
    count: (part: string) => server.requests.filter((r) => r.path.includes(part)).length,
  };
}

export type { GitlabStandIn };
export { startGitlabStandIn };
