/**
 * A bounded LRU of delivery keys that were handed off to `reconcile`.
 *
 * A key is remembered only after a successful hand-off (so a delivery whose hand-off failed
 * can be redelivered), and is marked in flight meanwhile (so two concurrent copies of one
 * delivery trigger once). It lives in module scope in the handler: it survives warm
 * invocations of one Lambda environment, not across environments — the reconcile it protects
 * is idempotent anyway.
 */
import type { DeliveryCache } from './types.js';

const DEFAULT_MAX_ENTRIES = 1000;

/**
 * Creates a delivery cache holding at most `maxEntries` remembered keys (default 1000);
 * the least recently seen is evicted first.
 *
 * @example
 * ```ts
 * const cache = createDeliveryCache({ maxEntries: 500 });
 * if (!cache.seen(key)) { cache.begin(key); await dispatch(); cache.commit(key); }
 * ```
 */
function createDeliveryCache(options: { maxEntries?: number } = {}): DeliveryCache {
  const max = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const done = new Map<string, true>();
  const inFlight = new Set<string>();
  return {
    seen(key) {
      if (inFlight.has(key)) return true;
      if (!done.has(key)) return false;
      // Refresh recency: a Map iterates in insertion order, so re-insert at the end.
      done.delete(key);
      done.set(key, true);
      return true;
    },
    begin(key) {
      inFlight.add(key);
    },
    commit(key) {
      inFlight.delete(key);
      done.delete(key);
      done.set(key, true);
      while (done.size > max) {
        const oldest = done.keys().next();
        if (oldest.done) break;
        done.delete(oldest.value);
      }
    },
    abort(key) {
      inFlight.delete(key);
    },
    clear() {
      done.clear();
      inFlight.clear();
    },
    get size() {
      return done.size;
    },
  };
}

export { createDeliveryCache, DEFAULT_MAX_ENTRIES };
