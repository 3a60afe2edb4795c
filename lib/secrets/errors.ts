/**
 * The one error `lib/secrets` throws. Its message names the secret *reference* and the cause,
 * never the value: references are configuration (they live in `APISYNC_TARGETS`), values are not.
 *
 * @example
 * ```ts
 * try { await resolver.resolve('env:APISIX_ADMIN_KEY'); }
 * catch (err) { if (err instanceof SecretError && err.reason === 'env_unset') process.exitCode = 2; }
 * ```
 */
import { ApisyncError } from '../errors.js';

/** Why a reference could not be resolved; stable, machine-readable. */
type SecretErrorReason =
  | 'invalid_ref'
  | 'env_unset'
  | 'file_unreadable'
  | 'empty'
  | 'not_found'
  | 'access_denied'
  | 'fetch_failed'
  | 'not_json'
  | 'no_field'
  | 'auth_rejected';

/**
 * A secret reference could not be turned into a value.
 *
 * @example
 * ```ts
 * throw new SecretError('env:GIT_TOKEN', 'env_unset', 'environment variable GIT_TOKEN is not set');
 * ```
 */
class SecretError extends ApisyncError {
  /** The reference as configured (`env:NAME`, `file:PATH`, an id or ARN, with `#field`). */
  readonly ref: string;
  readonly reason: SecretErrorReason;
  constructor(ref: string, reason: SecretErrorReason, detail: string, options?: ErrorOptions) {
    super(`secret reference "${ref}": ${detail}`, options);
    this.ref = ref;
    this.reason = reason;
  }
}

export type { SecretErrorReason };
export { SecretError };
