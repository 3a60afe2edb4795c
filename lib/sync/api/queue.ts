/**
 * A keyed serial queue: work with the same key runs one after the other, different keys run in
 * parallel. The sync API keys it by `cacheKey` so concurrent requests for one gateway group
 * never interleave their dump, diff and writes (ADC's server mode ran them in parallel).
 *
 * @example
 * ```ts
 * const queue = createKeyedQueue();
 * await Promise.all([queue.run('gw', syncA), queue.run('gw', syncB)]); // B starts after A settles
 * ```
 */

interface KeyedQueue {
  run<T>(key: string | undefined, fn: () => Promise<T>): Promise<T>;
  /** Keys with work queued or running. */
  readonly size: number;
}

/**
 * Creates a keyed serial queue; `undefined` keys are not serialised.
 *
 * @example
 * ```ts
 * await createKeyedQueue().run(opts.cacheKey, () => runSync(input));
 * ```
 */
function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async run<T>(key: string | undefined, fn: () => Promise<T>): Promise<T> {
      if (key === undefined) return fn();
      const previous = tails.get(key) ?? Promise.resolve();
      const current = previous.catch(() => undefined).then(fn);
      tails.set(key, current);
      try {
        return await current;
      } finally {
        if (tails.get(key) === current) tails.delete(key);
      }
    },
    get size() {
      return tails.size;
    },
  };
}

export type { KeyedQueue };
export { createKeyedQueue };
