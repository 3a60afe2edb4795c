/**
 * Maps isomorphic-git and transport failures to `SourceError`, once, at the boundary.
 */
import { NetworkError, TimeoutError } from '../errors.js';
import { SourceError, type SourceErrorKind } from './errors.js';

function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('data' in err)) return undefined;
  const data: unknown = err.data;
  if (typeof data !== 'object' || data === null || !('statusCode' in data)) return undefined;
  return typeof data.statusCode === 'number' ? data.statusCode : undefined;
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

function kindForStatus(status: number): SourceErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  return 'unreachable';
}

/**
 * A `SourceError` for a failed git operation (`what` says which: "list refs", "fetch main").
 *
 * @example
 * ```ts
 * try { await fetch(args); } catch (err) { throw toGitSourceError(err, 'fetch main', shownUrl); }
 * ```
 */
function toGitSourceError(err: unknown, what: string, url: string): SourceError {
  if (err instanceof SourceError) return err;
  const status = statusOf(err);
  if (status !== undefined) {
    const hint = status === 401 || status === 403 ? ' (check the token and its scopes)' : '';
    return new SourceError(
      `${what} answered HTTP ${status}${hint}`,
      { kind: kindForStatus(status), url, status },
      { cause: err },
    );
  }
  if (err instanceof NetworkError || err instanceof TimeoutError) {
    return new SourceError(
      `${what} failed: ${err.message}`,
      { kind: 'unreachable', url },
      { cause: err },
    );
  }
  const code = codeOf(err);
  if (code === 'NotFoundError') {
    return new SourceError(
      `${what}: not found on the remote`,
      { kind: 'not_found', url },
      { cause: err },
    );
  }
  if (code === 'SmartHttpError') {
    return new SourceError(
      `${what}: not a smart-HTTP git server`,
      { kind: 'protocol', url },
      { cause: err },
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SourceError(`${what} failed: ${message}`, { kind: 'protocol', url }, { cause: err });
}

/**
 * True for failures a corrupt local cache can cause (not HTTP, network or "not found").
 *
 * @example
 * ```ts
 * if (isCacheSuspect(err)) await resetRepo(gitdir);
 * ```
 */
function isCacheSuspect(err: unknown): boolean {
  if (err instanceof SourceError) return false;
  if (statusOf(err) !== undefined || err instanceof NetworkError || err instanceof TimeoutError)
    return false;
  const code = codeOf(err);
  return code !== 'SmartHttpError' && code !== 'UserCanceledError';
}

export { isCacheSuspect, toGitSourceError };
