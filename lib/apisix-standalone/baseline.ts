/**
 * Per-`cacheKey` baselines of standalone gateways, in module scope: the last document apisync
 * read or wrote, so a warm invocation diffs without re-reading the whole configuration
 * (ADC's cache, adc.md §4.5). Bounded (LRU) with a TTL; `bypassCache` and a conf_version
 * rejection drop the entry.
 *
 * @example
 * ```ts
 * const cache = defaultBaselineCache();
 * cache.set('gw-1', { document, version: '3.18.0' });
 * cache.get('gw-1');
 * ```
 */
type StandaloneDocument = Record<string, unknown>;

interface Baseline {
  document: StandaloneDocument;
  version: string;
}

interface BaselineCache {
  get(key: string): Baseline | undefined;
  set(key: string, baseline: Baseline): void;
  delete(key: string): void;
  clear(): void;
}

interface BaselineCacheOptions {
  max?: number;
  ttlMs?: number;
  now?: () => number;
}

function createBaselineCache(options: BaselineCacheOptions = {}): BaselineCache {
  const max = options.max ?? 16;
  const ttlMs = options.ttlMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { baseline: Baseline; storedAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (now() - entry.storedAt > ttlMs) return undefined;
      entries.set(key, entry);
      return entry.baseline;
    },
    set(key, baseline) {
      entries.delete(key);
      entries.set(key, { baseline, storedAt: now() });
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
  };
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

let shared: BaselineCache | undefined;

/** The module-scope cache; sized from ADC's variables on first use (never at import). */
function defaultBaselineCache(): BaselineCache {
  shared ??= createBaselineCache({
    max: positiveInt(process.env.ADC_APISIX_STANDALONE_CACHE_MAX, 16),
    ttlMs: positiveInt(process.env.ADC_APISIX_STANDALONE_CACHE_TTL_MS, 3_600_000),
  });
  return shared;
}

function clearBaselineCache(): void {
  shared?.clear();
}

export type { Baseline, BaselineCache, StandaloneDocument };
export { clearBaselineCache, createBaselineCache, defaultBaselineCache };
