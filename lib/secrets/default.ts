/**
 * The module-scope default resolver a handler shares across warm invocations. It is created
 * on first use (never at import), so importing `lib/secrets` does no I/O and reads no env.
 *
 * @example
 * ```ts
 * const key = await getSecretResolver().resolve(target.adminKey);
 * ```
 */
import { createSecretResolver, type SecretResolver } from './resolver.js';

let defaultResolver: SecretResolver | undefined;

/**
 * The shared resolver (5-minute TTL, SDK client built from the environment on first use).
 *
 * @example
 * ```ts
 * await getSecretResolver().resolve('apisix/prod/admin#key');
 * ```
 */
function getSecretResolver(): SecretResolver {
  defaultResolver ??= createSecretResolver();
  return defaultResolver;
}

/**
 * Forgets the shared resolver, its cache and its SDK client (tests; a changed endpoint).
 *
 * @example
 * ```ts
 * afterEach(() => clearSecretCaches());
 * ```
 */
function clearSecretCaches(): void {
  defaultResolver?.clear();
  defaultResolver = undefined;
}

export { clearSecretCaches, getSecretResolver };
