/**
 * Credential rotation without a redeploy: use the cached secret, and when the peer rejects it
 * with 401, refetch it once and try again. A cached admin key that was rotated in Secrets
 * Manager thus costs one failed request, not five minutes of failed syncs.
 *
 * @example
 * ```ts
 * const live = await withFreshSecret(getSecretResolver(), target.adminKey, (key) => dump({ key }));
 * ```
 */
import { AdminApiError } from '../errors.js';
import { SecretError } from './errors.js';
import type { SecretResolver } from './resolver.js';

/**
 * Whether an error means "your credential was refused": an `AdminApiError` with status 401.
 *
 * @example
 * ```ts
 * isAuthFailure(new AdminApiError({ method: 'GET', url: '/apisix/admin/routes', status: 401 })); // true
 * ```
 */
function isAuthFailure(err: unknown): err is AdminApiError {
  return err instanceof AdminApiError && err.status === 401;
}

/**
 * Calls `fn` with the (cached) value of `ref`. If `fn` fails with a 401 `AdminApiError`, the
 * secret is refetched with `forceRefresh` and `fn` is called once more; a second 401 throws a
 * `SecretError` (`auth_rejected`) naming the reference, with the 401 as `cause`. Any other
 * error from `fn` passes through unchanged.
 *
 * @example
 * ```ts
 * const res = await withFreshSecret(resolver, 'env:ADMIN_KEY', (key) =>
 *   client.request({ method: 'GET', path: '/apisix/admin/routes', headers: { 'X-API-KEY': key } }),
 * );
 * ```
 */
async function withFreshSecret<T>(
  resolver: SecretResolver,
  ref: string,
  fn: (value: string) => Promise<T>,
): Promise<T> {
  const cached = await resolver.resolve(ref);
  try {
    return await fn(cached);
  } catch (err) {
    if (!isAuthFailure(err)) throw err;
  }
  const fresh = await resolver.resolve(ref, { forceRefresh: true });
  try {
    return await fn(fresh);
  } catch (err) {
    if (!isAuthFailure(err)) throw err;
    const changed = fresh === cached ? 'unchanged' : 'changed';
    throw new SecretError(
      ref,
      'auth_rejected',
      `${err.method} ${err.url} still answered 401 after the secret was refetched (value ${changed}); ` +
        'store the credential the peer expects under this reference',
      { cause: err },
    );
  }
}

export { isAuthFailure, withFreshSecret };
