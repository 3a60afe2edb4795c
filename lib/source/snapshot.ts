/**
 * Shared pieces of every source: limits, deterministic ordering, bounded concurrency.
 */
import { SourceError } from './errors.js';
import type { SourceFile, SourceSnapshot, SourceType } from './types.js';

/** A config repository is small; these bounds stop a mis-pointed source from filling memory. */
const LIMITS = {
  /** Files selected by `paths` in one snapshot. */
  maxFiles: 5_000,
  /** Total bytes of the selected files. */
  maxBytes: 32 * 1024 * 1024,
  /** Concurrent blob / raw-file requests against a REST API (GitHub discourages more). */
  restConcurrency: 4,
} as const;

const SHA_RE = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;

/**
 * True when `ref` is a full commit id (SHA-1 or SHA-256).
 *
 * @example
 * ```ts
 * isSha('main'); // false
 * ```
 */
function isSha(ref: string): boolean {
  return SHA_RE.test(ref);
}

/**
 * The commit a caller pinned (`ReadOptions.sha`, from a webhook event), lower-cased. It lands in
 * API paths and cache keys, so anything but a full commit id is refused: a branch name there
 * would be read at whatever it points to now and then cached as if it were immutable.
 *
 * @example
 * ```ts
 * pinnedSha(opts.sha, shownUrl) ?? (await resolve(ref));
 * ```
 */
function pinnedSha(sha: string | undefined, url: string): string | undefined {
  if (sha === undefined) return undefined;
  if (!isSha(sha)) {
    const shown = JSON.stringify(sha.length > 80 ? `${sha.slice(0, 80)}…` : sha);
    throw new SourceError(`sha must be a full commit id, got ${shown}`, { kind: 'invalid', url });
  }
  return sha.toLowerCase();
}

/**
 * Sorts by path in code-unit order, so equal commits give identical snapshots.
 *
 * @example
 * ```ts
 * makeSnapshot('git', 'main', sha, files).files[0]?.path;
 * ```
 */
function makeSnapshot(
  type: SourceType,
  ref: string,
  sha: string,
  files: SourceFile[],
): SourceSnapshot {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { type, ref, sha, files: sorted };
}

/**
 * Runs `fn` over `items` with at most `limit` in flight; results keep the input order.
 *
 * @example
 * ```ts
 * const bodies = await mapWithConcurrency(urls, 4, (u) => fetchText(u));
 * ```
 */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export { isSha, LIMITS, makeSnapshot, mapWithConcurrency, pinnedSha };
