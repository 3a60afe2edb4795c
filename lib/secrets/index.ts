/**
 * `lib/secrets`: secret references (`env:NAME`, `file:PATH`, a Secrets Manager id or ARN, each
 * with an optional `#field`) resolved to values through a TTL cache, plus refetch-on-401 for
 * rotated credentials. Values never reach logs, reports or errors.
 *
 * @example
 * ```ts
 * import { getSecretResolver, withFreshSecret } from '../secrets/index.js';
 * const dump = await withFreshSecret(getSecretResolver(), target.adminKey, (key) => backend.dump(key));
 * ```
 */
import { clearSecretCaches, getSecretResolver } from './default.js';
import { SecretError, type SecretErrorReason } from './errors.js';
import { isAuthFailure, withFreshSecret } from './fresh.js';
import {
  checkSecretRef,
  isSecretsManagerRef,
  parseSecretRef,
  type SecretRef,
  secretsManagerIdOf,
} from './ref.js';
import {
  createSecretResolver,
  DEFAULT_TTL_MS,
  type SecretResolver,
  type SecretResolverOptions,
} from './resolver.js';

export type { SecretErrorReason, SecretRef, SecretResolver, SecretResolverOptions };
export {
  checkSecretRef,
  clearSecretCaches,
  createSecretResolver,
  DEFAULT_TTL_MS,
  getSecretResolver,
  isAuthFailure,
  isSecretsManagerRef,
  parseSecretRef,
  SecretError,
  secretsManagerIdOf,
  withFreshSecret,
};
