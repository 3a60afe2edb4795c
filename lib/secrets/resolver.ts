/**
 * The secret resolver: reference → value, with a module-scope-friendly cache.
 *
 * - Secrets Manager and file sources are cached per source (the reference without `#field`),
 *   so `admin#user` and `admin#key` cost one request; entries live `ttlMs` (default 5 min) so
 *   a rotation is picked up without a redeploy, and the cache is bounded (least recently used
 *   entries go first).
 * - Concurrent resolves of one source share one request. A forced refresh always starts a new
 *   request, and a fetch that was invalidated while in flight does not refill the cache.
 * - Failures are never cached. `env:` references are read at call time and never cached.
 *
 * @example
 * ```ts
 * const secrets = createSecretResolver({ ttlMs: 60_000 });
 * const key = await secrets.resolve('arn:aws:secretsmanager:eu-west-1:123456789012:secret:apisix#key');
 * ```
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { pickField } from './field.js';
import { parseSecretRef, type SecretRef } from './ref.js';
import { defaultReadFile, readEnvSecret, readFileSecret } from './sources.js';

/**
 * The Secrets Manager half, loaded on first use: the AWS SDK it pulls in is the largest part of
 * a bundle that otherwise needs no AWS call, and IAM-mode or `env:`/`file:` deployments never
 * read a Secrets Manager reference (issue 10, cold start).
 */
const loadSecretsManager = (): Promise<typeof import('./secrets-manager.js')> =>
  import('./secrets-manager.js');

const DEFAULT_TTL_MS = 300_000;
const MAX_ENTRIES = 256;

interface SecretResolverOptions {
  /** How long a fetched value is reused; default 300 000 (5 min). 0 disables caching. */
  ttlMs?: number;
  /** Secrets Manager client; default: one built from the environment on first use. */
  client?: SecretsManagerClient;
  /** Environment for `env:` references; default `process.env`, read at call time. */
  env?: Record<string, string | undefined>;
  /** Reader for `file:` references; default UTF-8 `readFile`. */
  readFile?: (path: string) => Promise<string>;
  /** Clock for TTLs (tests inject one); default `Date.now`. */
  now?: () => number;
}

interface SecretResolver {
  /** The value behind `ref`; `forceRefresh` bypasses (and then refills) the cache. */
  resolve(ref: string, opts?: { forceRefresh?: boolean }): Promise<string>;
  /** Drops the cached source behind `ref` (every `#field` of it). */
  invalidate(ref: string): void;
  /** Drops every cached value. */
  clear(): void;
}

type CachedRef = Exclude<SecretRef, { kind: 'env' }>;

function sourceKey(parsed: CachedRef): string {
  return parsed.kind === 'file' ? `file:${parsed.path}` : `sm:${parsed.secretId}`;
}

/** The `SecretResolver` behind `createSecretResolver`; see the module comment. */
class CachingSecretResolver implements SecretResolver {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #readFile: (path: string) => Promise<string>;
  readonly #env: Record<string, string | undefined> | undefined;
  #client: SecretsManagerClient | undefined;
  readonly #cache = new Map<string, { value: string; fetchedAt: number }>();
  readonly #inflight = new Map<string, Promise<string>>();

  constructor(options: SecretResolverOptions) {
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#now = options.now ?? Date.now;
    this.#readFile = options.readFile ?? defaultReadFile;
    this.#env = options.env;
    this.#client = options.client;
  }

  async resolve(ref: string, opts?: { forceRefresh?: boolean }): Promise<string> {
    const parsed = parseSecretRef(ref);
    const raw =
      parsed.kind === 'env'
        ? readEnvSecret(parsed, this.#env ?? process.env)
        : await this.#rawValue(parsed, opts?.forceRefresh === true);
    return parsed.field === undefined ? raw : pickField(raw, parsed.field, ref);
  }

  invalidate(ref: string): void {
    const parsed = parseSecretRef(ref);
    if (parsed.kind === 'env') return;
    const key = sourceKey(parsed);
    this.#cache.delete(key);
    this.#inflight.delete(key);
  }

  clear(): void {
    this.#cache.clear();
    this.#inflight.clear();
  }

  #rawValue(parsed: CachedRef, forceRefresh: boolean): Promise<string> {
    const key = sourceKey(parsed);
    if (!forceRefresh) {
      const hit = this.#cache.get(key);
      if (hit && this.#now() - hit.fetchedAt < this.#ttlMs) {
        // Re-insert so Map order stays least-recently-used first.
        this.#cache.delete(key);
        this.#cache.set(key, hit);
        return Promise.resolve(hit.value);
      }
      const pending = this.#inflight.get(key);
      if (pending) return pending;
    }
    this.#cache.delete(key);
    return this.#startFetch(key, parsed);
  }

  #startFetch(key: string, parsed: CachedRef): Promise<string> {
    const pending = this.#fetchSource(parsed).then(
      (value) => {
        // Only the latest fetch for a key may fill the cache (not one invalidated meanwhile).
        if (this.#inflight.get(key) === pending) {
          this.#inflight.delete(key);
          if (this.#ttlMs > 0) this.#store(key, value);
        }
        return value;
      },
      (err: unknown) => {
        if (this.#inflight.get(key) === pending) this.#inflight.delete(key);
        throw err;
      },
    );
    this.#inflight.set(key, pending);
    return pending;
  }

  async #fetchSource(parsed: CachedRef): Promise<string> {
    if (parsed.kind === 'file') return readFileSecret(parsed, this.#readFile);
    const sm = await loadSecretsManager();
    // Created on first use, from the environment (region, credentials, endpoint).
    this.#client ??= sm.createSecretsManagerClient();
    return sm.fetchFromSecretsManager(this.#client, parsed.secretId, parsed.ref);
  }

  #store(key: string, value: string): void {
    this.#cache.delete(key);
    this.#cache.set(key, { value, fetchedAt: this.#now() });
    if (this.#cache.size > MAX_ENTRIES) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
  }
}

/**
 * Builds a resolver. Nothing is fetched and no SDK client is created until the first
 * Secrets Manager reference is resolved.
 *
 * @example
 * ```ts
 * const secrets = createSecretResolver({ env: { TOKEN: 't' } });
 * await secrets.resolve('env:TOKEN'); // 't'
 * ```
 */
function createSecretResolver(options: SecretResolverOptions = {}): SecretResolver {
  return new CachingSecretResolver(options);
}

export type { SecretResolver, SecretResolverOptions };
export { createSecretResolver, DEFAULT_TTL_MS };
