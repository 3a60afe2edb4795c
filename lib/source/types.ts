/**
 * The source contract: where desired configuration comes from, read at one commit.
 *
 * @example
 * ```ts
 * const snap: SourceSnapshot = await readSource({ type: 'git', url, ref: 'main' }, {}, { agents });
 * console.log(snap.sha, snap.files.map((f) => f.path));
 * ```
 */
import type { Agents } from '../http/types.js';
import type { Logger } from '../log/types.js';

type SourceType = 'local' | 'git' | 'github' | 'gitlab';

/** One configuration file of a snapshot. */
interface SourceFile {
  /** Repository-relative (or directory-relative for `local`) POSIX path. */
  path: string;
  /** UTF-8 text. */
  content: string;
}

/** Everything one run reads, at exactly one commit. */
interface SourceSnapshot {
  type: SourceType;
  /** The ref that was asked for (branch, tag, `HEAD`), or the SHA itself when only a SHA was given. */
  ref: string;
  /** The commit SHA every file was read at; for `local`: a SHA-256 over paths and contents. */
  sha: string;
  /** Sorted by path (code-unit order), so two reads of one commit are identical. */
  files: SourceFile[];
}

/** Where to read from (the `source` object of a target). */
interface SourceSpec {
  type: SourceType;
  /** Repository URL (`git`, `github`, `gitlab`). Userinfo in it is used as credentials and never logged. */
  url?: string;
  /** Directory (`local`). */
  path?: string;
  /** Branch, tag, full ref, `HEAD` or a commit SHA. Default `main`. */
  ref?: string;
  /** Globs relative to the repository root; `!glob` excludes. Default: YAML and JSON files. */
  paths?: string[];
}

/** What the caller injects: pooled agents, a resolved token, the cache directory. */
interface SourceDeps {
  /** From the caller's module-scope registry; git and REST traffic share the pool. */
  agents?: Agents;
  /** Already resolved from a secret reference by the caller. */
  token?: string;
  /** Git object cache; default `join(os.tmpdir(), 'apisync-git')` (Lambda `/tmp` survives warm starts). */
  cacheDir?: string;
  /** Per HTTP request; default 30 000 ms. */
  timeoutMs?: number;
  logger?: Logger;
  /** GitHub/GitLab API base URL (GitHub Enterprise, self-hosted GitLab, tests). */
  apiBaseUrl?: string;
}

/** Options of one read. */
interface ReadOptions {
  /** Read exactly this commit (a webhook's pushed commit). */
  sha?: string;
  /** Overrides `spec.ref`. */
  ref?: string;
}

/** Result of a cheap "did the ref move" check. */
interface ResolvedRef {
  sha: string;
  /** True when the host confirmed the ref still points at `knownSha` (GitHub 304). */
  unchanged?: boolean;
}

export type {
  ReadOptions,
  ResolvedRef,
  SourceDeps,
  SourceFile,
  SourceSnapshot,
  SourceSpec,
  SourceType,
};
