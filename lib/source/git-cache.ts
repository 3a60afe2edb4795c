/**
 * The on-disk object cache of the `git` source: one bare repository per remote URL under
 * `cacheDir` (default `/tmp/apisync-git`, which Lambda keeps across warm invocations). A read at
 * a commit already in the cache costs no pack download; a new commit is an incremental fetch.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init, readCommit, setConfig } from 'isomorphic-git';

/** Serialises work on one cache directory within this process (targets may share a repo). */
const locks = new Map<string, Promise<unknown>>();

/**
 * `$TMPDIR/apisync-git`: `/tmp` on Lambda, kept across warm invocations.
 *
 * @example
 * ```ts
 * gitdirFor(defaultCacheDir(), url);
 * ```
 */
function defaultCacheDir(): string {
  return join(tmpdir(), 'apisync-git');
}

/**
 * The bare repository for `url` (credentials already stripped).
 *
 * @example
 * ```ts
 * gitdirFor('/tmp/apisync-git', 'https://github.com/acme/cfg.git'); // '/tmp/apisync-git/<24 hex>'
 * ```
 */
function gitdirFor(cacheDir: string, url: string): string {
  return join(cacheDir, createHash('sha256').update(url).digest('hex').slice(0, 24));
}

/**
 * Creates the bare cache repository; `url` carries no credentials (they travel as headers).
 *
 * @example
 * ```ts
 * await ensureRepo(gitdir, 'https://github.com/acme/cfg.git');
 * ```
 */
async function ensureRepo(gitdir: string, url: string): Promise<void> {
  if (fs.existsSync(join(gitdir, 'HEAD'))) return;
  await init({ fs, gitdir, bare: true, defaultBranch: 'main' });
  await setConfig({ fs, gitdir, path: 'remote.origin.url', value: url });
  // Every fetched ref lands under refs/remotes/origin/, tags included.
  await setConfig({
    fs,
    gitdir,
    path: 'remote.origin.fetch',
    value: '+refs/*:refs/remotes/origin/*',
  });
}

/**
 * True when the commit object is in the cache.
 *
 * @example
 * ```ts
 * if (!(await hasCommit(gitdir, sha, {}))) await fetchIt();
 * ```
 */
async function hasCommit(gitdir: string, sha: string, cache: object): Promise<boolean> {
  try {
    await readCommit({ fs, gitdir, oid: sha, cache });
    return true;
  } catch {
    return false;
  }
}

/**
 * Drops a cache that could not be read (say, a fetch cut off by a Lambda timeout).
 *
 * @example
 * ```ts
 * await resetRepo(gitdir);
 * ```
 */
async function resetRepo(gitdir: string): Promise<void> {
  await rm(gitdir, { recursive: true, force: true });
}

/**
 * Runs `fn` after every earlier `withLock` on the same key has settled.
 *
 * @example
 * ```ts
 * await withLock(gitdir, () => fetchInto(gitdir));
 * ```
 */
async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(fn);
  locks.set(key, run);
  try {
    return await run;
  } finally {
    if (locks.get(key) === run) locks.delete(key);
  }
}

export { defaultCacheDir, ensureRepo, gitdirFor, hasCommit, resetRepo, withLock };
