/**
 * `lib/source`: where desired configuration comes from. Every read resolves the ref to one
 * commit first and reads every file at that commit, so a push during a read cannot mix two
 * versions of the configuration.
 */
import { SourceError } from './errors.js';
import { readGithub, resolveGithubRef } from './github.js';
import { readGitlab, resolveGitlabRef } from './gitlab.js';
import { readLocal } from './local.js';
import type { ReadOptions, ResolvedRef, SourceDeps, SourceSnapshot, SourceSpec } from './types.js';

/**
 * The `git` source, loaded on first use: isomorphic-git and its pack inflater are a sizeable
 * share of a function bundle, and only `type: 'git'` sources need them, so a deployment of
 * github, gitlab or local targets never evaluates them (issue 10, cold start).
 */
const loadGit = (): Promise<typeof import('./git.js')> => import('./git.js');

/**
 * Reads the configuration files of a source at one commit: `opts.sha` when given (a webhook's
 * pushed commit), else the commit `opts.ref ?? spec.ref ?? 'main'` points at now.
 * Throws `SourceError` when anything cannot be read; never returns a partial snapshot.
 *
 * @example
 * ```ts
 * const snap = await readSource(
 *   { type: 'git', url: 'https://github.com/acme/gateway-config.git', ref: 'main', paths: ['adc/**\/*.yaml'] },
 *   {},
 *   { agents: registry.agentsFor(), token },
 * );
 * console.log(snap.sha, snap.files.length);
 * ```
 */
async function readSource(
  spec: SourceSpec,
  opts: ReadOptions,
  deps: SourceDeps,
): Promise<SourceSnapshot> {
  switch (spec.type) {
    case 'local':
      return readLocal(spec, opts);
    case 'git':
      return (await loadGit()).readGit(spec, opts, deps);
    case 'github':
      return readGithub(spec, opts, deps);
    case 'gitlab':
      return readGitlab(spec, opts, deps);
    default:
      throw new SourceError(`unknown source type ${String((spec as { type: unknown }).type)}`, {
        kind: 'invalid',
        url: spec.url ?? spec.path ?? '(none)',
      });
  }
}

/**
 * The commit `ref` points at now, as cheaply as the host allows: GitHub sends a conditional
 * request (304 = unchanged, no rate limit), git runs one `ls-refs`, GitLab one commit lookup.
 * `unchanged` is set when the answer equals `knownSha` (or GitHub's last ETag for the ref).
 * For `local` the "ref" is the directory's content hash, which needs a full read.
 *
 * @example
 * ```ts
 * const { sha, unchanged } = await resolveRef(target.source, 'main', deps, lastAppliedSha);
 * if (!unchanged) await readSource(target.source, { sha }, deps);
 * ```
 */
async function resolveRef(
  spec: SourceSpec,
  ref: string | undefined,
  deps: SourceDeps,
  knownSha?: string,
): Promise<ResolvedRef> {
  const wanted = ref ?? spec.ref ?? 'main';
  let resolved: ResolvedRef;
  switch (spec.type) {
    case 'local':
      resolved = { sha: (await readLocal(spec, {})).sha };
      break;
    case 'git':
      resolved = await (await loadGit()).resolveGitRef(spec, wanted, deps);
      break;
    case 'github':
      return resolveGithubRef(spec, wanted, deps, knownSha);
    case 'gitlab':
      return resolveGitlabRef(spec, wanted, deps, knownSha);
    default:
      throw new SourceError('unknown source type', {
        kind: 'invalid',
        url: spec.url ?? spec.path ?? '(none)',
      });
  }
  return knownSha !== undefined && knownSha.toLowerCase() === resolved.sha
    ? { ...resolved, unchanged: true }
    : resolved;
}

export { clearSourceCaches } from './caches.js';
export type { SourceErrorKind } from './errors.js';
export { SourceError } from './errors.js';
export { createMatcher, DEFAULT_PATHS } from './glob.js';
export type {
  ReadOptions,
  ResolvedRef,
  SourceDeps,
  SourceFile,
  SourceSnapshot,
  SourceSpec,
  SourceType,
} from './types.js';
export { redactUrl } from './url.js';
export { readSource, resolveRef };
