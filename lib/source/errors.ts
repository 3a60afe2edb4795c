/**
 * The one error `lib/source` throws. Its message names the source by a URL without
 * credentials; the underlying failure is kept as `cause`.
 *
 * @example
 * ```ts
 * try { await readSource(spec, {}, deps); }
 * catch (err) { if (err instanceof SourceError && err.kind === 'auth') alertTokenExpired(err.url); }
 * ```
 */
import { ApisyncError } from '../errors.js';

/** Why a source could not be read; callers branch on this, never on the message. */
type SourceErrorKind =
  | 'auth'
  | 'not_found'
  | 'rate_limited'
  | 'unreachable'
  | 'too_large'
  | 'invalid'
  | 'protocol';

interface SourceErrorInit {
  kind: SourceErrorKind;
  /** The source URL or directory, already stripped of credentials. */
  url: string;
  /** HTTP status, when the failure was an HTTP answer. */
  status?: number;
  /** When a rate limit resets or `retry-after` expires (epoch ms). */
  retryAt?: number;
}

/** The source could not be read; nothing read from it may be used. */
class SourceError extends ApisyncError {
  readonly kind: SourceErrorKind;
  readonly url: string;
  readonly status?: number;
  readonly retryAt?: number;
  constructor(message: string, init: SourceErrorInit, options?: ErrorOptions) {
    super(`${init.url}: ${message}`, options);
    this.kind = init.kind;
    this.url = init.url;
    this.status = init.status;
    this.retryAt = init.retryAt;
  }
}

export type { SourceErrorInit, SourceErrorKind };
export { SourceError };
