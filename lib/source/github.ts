/**
 * `github` source over the REST API: the ref is resolved with the SHA media type and a
 * conditional request (a 304 costs no rate limit), then the tree and the matching blobs are read
 * at that one commit.
 */
import type { HttpClient } from '../http/types.js';
import { fileSets, refTags } from './caches.js';
import { SourceError } from './errors.js';
import { createMatcher } from './glob.js';
import { restClient, restGet } from './rest.js';
import { isSha, LIMITS, makeSnapshot, mapWithConcurrency, pinnedSha } from './snapshot.js';
import type {
  ReadOptions,
  ResolvedRef,
  SourceDeps,
  SourceFile,
  SourceSnapshot,
  SourceSpec,
} from './types.js';
import { redactUrl } from './url.js';

/** Pinned so a new API version cannot change the answers under us. */
const API_VERSION = '2022-11-28';

interface GithubRepo {
  api: HttpClient;
  apiBase: string;
  /** `/repos/<owner>/<repo>` */
  prefix: string;
  shown: string;
}

interface TreeEntry {
  path: string;
  mode: string;
  type: string;
  sha: string;
  size?: number;
}

function parseRepo(spec: SourceSpec, deps: SourceDeps): GithubRepo {
  const raw = spec.url ?? '';
  const shown = redactUrl(raw || '(none)');
  const url = URL.canParse(raw) ? new URL(raw) : new URL(`https://github.com/${raw}`);
  const [owner, repo] = url.pathname
    .replace(/^\/+/, '')
    .replace(/\.git$/, '')
    .split('/');
  if (!owner || !repo) {
    throw new SourceError('a github source needs `url` like https://github.com/<owner>/<repo>', {
      kind: 'invalid',
      url: shown,
    });
  }
  const apiBase =
    deps.apiBaseUrl ??
    (url.hostname === 'github.com' ? 'https://api.github.com' : `${url.origin}/api/v3`);
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': API_VERSION,
  };
  if (deps.token) headers.authorization = `Bearer ${deps.token}`;
  const prefix = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  return { api: restClient(apiBase, deps, headers), apiBase, prefix, shown };
}

/** Encodes each segment of a ref name (`feature/x` keeps its slash). */
function encodeRef(ref: string): string {
  return ref.split('/').map(encodeURIComponent).join('/');
}

async function resolveIn(repo: GithubRepo, ref: string, knownSha?: string): Promise<ResolvedRef> {
  const key = `${repo.apiBase}|${repo.prefix}|${ref}`;
  const cached = refTags.get(key);
  const known = knownSha ? { etag: `"${knownSha}"`, sha: knownSha } : cached;
  const headers: Record<string, string> = { accept: 'application/vnd.github.sha' };
  if (known) headers['if-none-match'] = known.etag;
  const path = `${repo.prefix}/commits/${encodeRef(ref)}`;
  const res = await restGet<string>(
    repo.api,
    { path, headers, responseType: 'text' },
    `resolve ${ref}`,
    repo.shown,
  );
  if (res.status === 304 && known) return { sha: known.sha, unchanged: true };
  const sha = String(res.data).trim().toLowerCase();
  if (!isSha(sha)) {
    throw new SourceError(`resolve ${ref}: the answer is not a commit SHA`, {
      kind: 'protocol',
      url: repo.shown,
    });
  }
  refTags.set(key, { etag: res.headers.etag ?? `"${sha}"`, sha });
  return known?.sha === sha ? { sha, unchanged: true } : { sha };
}

/**
 * Resolves `ref` to a commit SHA. Sends the last ETag seen for this ref (or `knownSha`) as
 * `If-None-Match`; a 304 answers `{ sha, unchanged: true }` without using rate limit.
 *
 * @example
 * ```ts
 * const { sha, unchanged } = await resolveGithubRef(spec, 'main', { token }, lastAppliedSha);
 * if (unchanged) return; // nothing was pushed
 * ```
 */
async function resolveGithubRef(
  spec: SourceSpec,
  ref: string,
  deps: SourceDeps,
  knownSha?: string,
): Promise<ResolvedRef> {
  if (isSha(ref)) return { sha: ref.toLowerCase() };
  return resolveIn(parseRepo(spec, deps), ref, knownSha);
}

async function listTree(
  repo: GithubRepo,
  sha: string,
  match: (p: string) => boolean,
): Promise<TreeEntry[]> {
  const res = await restGet<{ tree?: TreeEntry[]; truncated?: boolean }>(
    repo.api,
    { path: `${repo.prefix}/git/trees/${sha}`, query: { recursive: 1 } },
    `tree at ${sha}`,
    repo.shown,
  );
  if (res.data.truncated) {
    throw new SourceError(
      `the tree at ${sha} is truncated by GitHub (over 100,000 entries or 7 MB); use the git source for this repository`,
      { kind: 'too_large', url: repo.shown },
    );
  }
  const blobs = (res.data.tree ?? []).filter(
    (e) => e.type === 'blob' && (e.mode === '100644' || e.mode === '100755') && match(e.path),
  );
  const bytes = blobs.reduce((n, e) => n + (e.size ?? 0), 0);
  if (blobs.length > LIMITS.maxFiles || bytes > LIMITS.maxBytes) {
    const why = `${blobs.length} files, ${bytes} bytes match at ${sha}; limits are ${LIMITS.maxFiles} files, ${LIMITS.maxBytes} bytes`;
    throw new SourceError(why, { kind: 'too_large', url: repo.shown });
  }
  return blobs;
}

async function readBlobs(repo: GithubRepo, entries: TreeEntry[]): Promise<SourceFile[]> {
  const decoder = new TextDecoder();
  return mapWithConcurrency(entries, LIMITS.restConcurrency, async (entry) => {
    const res = await restGet<Uint8Array>(
      repo.api,
      {
        path: `${repo.prefix}/git/blobs/${entry.sha}`,
        headers: { accept: 'application/vnd.github.raw+json' },
        responseType: 'buffer',
      },
      `blob ${entry.path}`,
      repo.shown,
    );
    return { path: entry.path, content: decoder.decode(res.data) };
  });
}

/**
 * Reads a GitHub repository at one commit: `opts.sha`, or the commit `ref` points at now.
 *
 * @example
 * ```ts
 * const snap = await readGithub({ type: 'github', url: 'https://github.com/acme/cfg' }, {}, { agents, token });
 * ```
 */
async function readGithub(
  spec: SourceSpec,
  opts: ReadOptions,
  deps: SourceDeps,
): Promise<SourceSnapshot> {
  const repo = parseRepo(spec, deps);
  const ref = opts.ref ?? spec.ref ?? 'main';
  const sha =
    pinnedSha(opts.sha, repo.shown) ??
    (isSha(ref) ? ref.toLowerCase() : (await resolveIn(repo, ref)).sha);
  const key = `github|${repo.apiBase}|${repo.prefix}|${sha}|${(spec.paths ?? []).join('\0')}`;
  let files = fileSets.get(key);
  if (!files) {
    files = await readBlobs(repo, await listTree(repo, sha, createMatcher(spec.paths)));
    fileSets.set(key, files);
  }
  deps.logger?.debug('github source read', { url: repo.shown, ref, sha, files: files.length });
  return makeSnapshot('github', ref, sha, files);
}

export { readGithub, resolveGithubRef };
