/**
 * `git` source: any smart-HTTP host through isomorphic-git. The ref is resolved to a commit
 * first (protocol v2 `ls-refs`, falling back to v1), the commit is shallow-fetched into the
 * `/tmp` cache when it is not there yet, and every file is read out of that one commit.
 */
import fs from 'node:fs';
import { fetch, type HttpClient as GitHttpClient, listServerRefs, writeRef } from 'isomorphic-git';
import { SourceError } from './errors.js';
import {
  defaultCacheDir,
  ensureRepo,
  gitdirFor,
  hasCommit,
  resetRepo,
  withLock,
} from './git-cache.js';
import { isCacheSuspect, toGitSourceError } from './git-errors.js';
import { createGitHttp, gitCredentials } from './git-http.js';
import { readFilesAtCommit } from './git-read.js';
import { createMatcher } from './glob.js';
import { isSha, makeSnapshot, pinnedSha } from './snapshot.js';
import type { ReadOptions, ResolvedRef, SourceDeps, SourceSnapshot, SourceSpec } from './types.js';
import { redactUrl } from './url.js';

/** How far back a commit that is no longer the tip (a webhook's older push) is looked for. */
const DEEPEN_STEPS = [10, 100];

interface Remote {
  url: string;
  shown: string;
  headers: Record<string, string>;
  http: GitHttpClient;
}

function remoteFor(spec: SourceSpec, deps: SourceDeps): Remote {
  if (!spec.url)
    throw new SourceError('a git source needs `url`', { kind: 'invalid', url: '(none)' });
  const shown = redactUrl(spec.url);
  let creds: { url: string; headers: Record<string, string> };
  try {
    creds = gitCredentials(spec.url, deps.token);
  } catch (err) {
    throw new SourceError(
      '`url` is not a valid URL',
      { kind: 'invalid', url: shown },
      { cause: err },
    );
  }
  const http = createGitHttp({ agents: deps.agents, timeoutMs: deps.timeoutMs ?? 30_000 });
  return { url: creds.url, shown, headers: creds.headers, http };
}

/** The refs to try for a short name, in git's own order of precedence. */
function candidates(ref: string): string[] {
  if (ref === 'HEAD' || ref.startsWith('refs/')) return [ref];
  return [`refs/heads/${ref}`, `refs/tags/${ref}`];
}

async function lsRemote(remote: Remote, ref: string): Promise<string> {
  for (const full of candidates(ref)) {
    const refs = await listServerRefs({
      http: remote.http,
      url: remote.url,
      headers: { ...remote.headers },
      protocolVersion: 2,
      prefix: full,
      symrefs: true,
      peelTags: true,
    });
    const hit = refs.find((r) => r.ref === full);
    if (hit) return hit.peeled ?? hit.oid;
  }
  throw new SourceError(`ref ${ref} not found`, { kind: 'not_found', url: remote.shown });
}

/**
 * Resolves `ref` to a commit SHA with one `ls-refs` exchange (no objects are downloaded).
 *
 * @example
 * ```ts
 * const { sha } = await resolveGitRef({ type: 'git', url }, 'main', { agents });
 * ```
 */
async function resolveGitRef(
  spec: SourceSpec,
  ref: string,
  deps: SourceDeps,
): Promise<ResolvedRef> {
  if (isSha(ref)) return { sha: ref.toLowerCase() };
  const remote = remoteFor(spec, deps);
  try {
    return { sha: await lsRemote(remote, ref) };
  } catch (err) {
    throw toGitSourceError(err, `list refs for ${ref}`, remote.shown);
  }
}

async function fetchRef(
  remote: Remote,
  gitdir: string,
  ref: string,
  depth: number,
  cache: object,
): Promise<string | null> {
  const local = `refs/apisync/${ref.replace(/^refs\//, '')}`;
  const result = await fetch({
    fs,
    http: remote.http,
    gitdir,
    url: remote.url,
    ref: local,
    remoteRef: ref,
    singleBranch: true,
    depth,
    tags: false,
    headers: { ...remote.headers },
    cache,
  });
  // Remember the tip under our own ref: the next fetch offers it as a "have", so the server
  // sends only what is new (an incremental fetch).
  if (result.fetchHead) {
    await writeRef({ fs, gitdir, ref: local, value: result.fetchHead, force: true });
  }
  return result.fetchHead;
}

/** Makes sure commit `sha` is in the cache: nothing, one shallow fetch, or a bounded deepening. */
async function ensureCommit(
  remote: Remote,
  gitdir: string,
  ref: string,
  sha: string,
  cache: object,
): Promise<boolean> {
  if (await hasCommit(gitdir, sha, cache)) return false;
  const fetchable = isSha(ref) ? 'HEAD' : ref;
  for (const depth of [1, ...DEEPEN_STEPS]) {
    const tip = await fetchRef(remote, gitdir, fetchable, depth, cache);
    if (await hasCommit(gitdir, sha, cache)) return true;
    // The server sent this very commit and it still cannot be read: the cache is damaged
    // (a plain Error, so readGit drops the cache and starts over once).
    if (tip === sha) throw new Error(`commit ${sha} was fetched but cannot be read from the cache`);
  }
  throw new SourceError(
    `commit ${sha} is not within ${DEEPEN_STEPS.at(-1)} commits of ${fetchable}`,
    {
      kind: 'not_found',
      url: remote.shown,
    },
  );
}

async function fetchAndRead(
  remote: Remote,
  gitdir: string,
  spec: SourceSpec,
  ref: string,
  sha: string,
) {
  const cache = {};
  await ensureRepo(gitdir, remote.url);
  const fetched = await ensureCommit(remote, gitdir, ref, sha, cache);
  const files = await readFilesAtCommit(
    gitdir,
    sha,
    createMatcher(spec.paths),
    cache,
    remote.shown,
  );
  return { fetched, files };
}

/**
 * Reads a git source at one commit: `opts.sha` when given, else the commit `ref` points at now.
 *
 * @example
 * ```ts
 * const snap = await readGit({ type: 'git', url: 'https://github.com/acme/cfg.git' }, {}, { agents, token });
 * ```
 */
async function readGit(
  spec: SourceSpec,
  opts: ReadOptions,
  deps: SourceDeps,
): Promise<SourceSnapshot> {
  const remote = remoteFor(spec, deps);
  const ref = opts.ref ?? spec.ref ?? 'main';
  const sha =
    pinnedSha(opts.sha, remote.shown) ?? (await resolveGitRef(spec, ref, deps)).sha.toLowerCase();
  const gitdir = gitdirFor(deps.cacheDir ?? defaultCacheDir(), remote.url);
  const { fetched, files } = await withLock(gitdir, async () => {
    try {
      return await fetchAndRead(remote, gitdir, spec, ref, sha);
    } catch (err) {
      if (!isCacheSuspect(err)) throw toGitSourceError(err, `read ${ref} at ${sha}`, remote.shown);
      deps.logger?.warn('git cache unreadable, refetching', { url: remote.shown });
      await resetRepo(gitdir);
      return await fetchAndRead(remote, gitdir, spec, ref, sha).catch((again: unknown) => {
        throw toGitSourceError(again, `read ${ref} at ${sha}`, remote.shown);
      });
    }
  });
  deps.logger?.debug('git source read', {
    url: remote.shown,
    ref,
    sha,
    fetched,
    files: files.length,
  });
  return makeSnapshot('git', ref, sha, files);
}

export { readGit, resolveGitRef };
