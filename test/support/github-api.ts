/**
 * Test-only: a GitHub REST stand-in built from the documented response shapes
 * (docs.github.com/rest: commits, git/trees, git/blobs, rate-limit headers), answering from a
 * real bare repository. Serves `/repos/<owner>/<repo>/…` for the one repository it is given.
 */
import type { ServerResponse } from 'node:http';
import {
  blobOf,
  commitOf,
  type StandIn,
  type StandInRequest,
  sendJson,
  startStandIn,
  treeOf,
} from './git-plumbing.js';

interface GithubStandInOptions {
  /** The bare repository served as `owner/repo`. */
  bare: string;
  owner?: string;
  repo?: string;
  /** When set, requests need `Authorization: Bearer <token>` (or `token <token>`). */
  token?: string;
  /** Called before each request is answered (push a commit mid-read, count, …). */
  onRequest?: (req: StandInRequest) => void;
}

interface GithubStandIn extends StandIn {
  /** Force `truncated: true` on tree answers. */
  truncateTrees: boolean;
  /** Remaining core rate limit; at 0 every non-conditional request gets 403. */
  rateRemaining: number;
  /** Answer the next N requests with 429 and `retry-after: 0`. */
  tooManyRequests: number;
  /** Requests whose path matches, excluding 304s (those are free on GitHub). */
  count(pathPart: string): number;
}

const DOCS = 'https://docs.github.com/rest';

function notFound(res: ServerResponse): void {
  sendJson(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
}

function answerCommit(
  req: StandInRequest,
  res: ServerResponse,
  bare: string,
  ref: string,
  limits: Record<string, string>,
): void {
  const sha = commitOf(bare, decodeURIComponent(ref));
  if (!sha) {
    sendJson(
      res,
      422,
      { message: `No commit found for SHA: ${ref}`, documentation_url: DOCS, status: '422' },
      limits,
    );
    return;
  }
  const etag = `"${sha}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag, ...limits }).end();
    return;
  }
  if (req.headers.accept === 'application/vnd.github.sha') {
    res.writeHead(200, {
      'content-type': 'application/vnd.github.sha; charset=utf-8',
      etag,
      ...limits,
    });
    res.end(sha);
    return;
  }
  sendJson(
    res,
    200,
    { sha, node_id: 'C_stand-in', commit: { tree: { sha: treeOf(bare, sha).treeSha } } },
    { etag, ...limits },
  );
}

function answerTree(
  res: ServerResponse,
  bare: string,
  sha: string,
  truncated: boolean,
  limits: Record<string, string>,
): void {
  if (!commitOf(bare, sha)) {
    notFound(res);
    return;
  }
  const { treeSha, rows } = treeOf(bare, sha);
  const tree = rows.map((r) => ({
    path: r.path,
    mode: r.mode,
    type: r.type,
    sha: r.sha,
    ...(r.size === undefined ? {} : { size: r.size }),
    url: `${DOCS}/${r.sha}`,
  }));
  sendJson(
    res,
    200,
    {
      sha: treeSha,
      url: `${DOCS}/trees/${treeSha}`,
      tree: truncated ? tree.slice(0, 1) : tree,
      truncated,
    },
    limits,
  );
}

function answerBlob(
  req: StandInRequest,
  res: ServerResponse,
  bare: string,
  sha: string,
  limits: Record<string, string>,
): void {
  const bytes = blobOf(bare, sha);
  if (!bytes) {
    notFound(res);
    return;
  }
  if (req.headers.accept === 'application/vnd.github.raw+json') {
    res
      .writeHead(200, {
        'content-type': 'application/vnd.github.raw+json; charset=utf-8',
        ...limits,
      })
      .end(bytes);
    return;
  }
  sendJson(
    res,
    200,
    {
      sha,
      size: bytes.length,
      encoding: 'base64',
      content: bytes.toString('base64').replace(/(.{60})/g, '$1\n'),
    },
    limits,
  );
}

/**
 * Starts the stand-in on a loopback port.
 *
 * @example
 * ```ts
 * const gh = await startGithubStandIn({ bare: repo.bare, token: 't0k' });
 * await readSource({ type: 'github', url: 'https://github.com/acme/cfg' }, {}, { apiBaseUrl: gh.baseUrl, token: 't0k' });
 * ```
 */
async function startGithubStandIn(opts: GithubStandInOptions): Promise<GithubStandIn> {
  const prefix = `/repos/${opts.owner ?? 'acme'}/${opts.repo ?? 'cfg'}/`;
  const state = { truncateTrees: false, rateRemaining: 5000, tooManyRequests: 0 };
  const server = await startStandIn((req, res) => {
    opts.onRequest?.(req);
    const auth = req.headers.authorization ?? '';
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    const limits = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(state.rateRemaining),
      'x-ratelimit-reset': reset,
    };
    if (opts.token && auth !== `Bearer ${opts.token}` && auth !== `token ${opts.token}`) {
      sendJson(res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
      return;
    }
    if (state.tooManyRequests > 0) {
      state.tooManyRequests--;
      sendJson(
        res,
        429,
        { message: 'secondary rate limit', documentation_url: DOCS },
        { 'retry-after': '0' },
      );
      return;
    }
    if (state.rateRemaining <= 0 && !req.headers['if-none-match']) {
      sendJson(res, 403, { message: 'API rate limit exceeded', documentation_url: DOCS }, limits);
      return;
    }
    if (!req.path.startsWith(prefix)) return notFound(res);
    const rest = req.path.slice(prefix.length);
    const [kind, ...parts] = rest.split('/');
    if (kind === 'commits') return answerCommit(req, res, opts.bare, parts.join('/'), limits);
    if (kind === 'git' && parts[0] === 'trees')
      return answerTree(res, opts.bare, parts[1] ?? '', state.truncateTrees, limits);
    if (kind === 'git' && parts[0] === 'blobs')
      return answerBlob(req, res, opts.bare, parts[1] ?? '', limits);
    notFound(res);
  });
  return Object.assign(state, server, {
    count: (part: string) =>
      server.requests.filter((r) => r.path.includes(part) && r.status !== 304).length,
  });
}

export type { GithubStandIn };
export { startGithubStandIn };
