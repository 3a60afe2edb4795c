/**
 * Module-scope caches of the REST sources. They live as long as a warm Lambda environment:
 * a scheduled run at an unchanged commit costs one conditional request (free on GitHub) and no
 * file downloads. Bounded; `clearSourceCaches()` resets them for tests.
 */
import type { SourceFile } from './types.js';

/**
 * A Map that forgets its least recently used entry beyond `max`.
 *
 * @example
 * ```ts
 * const m = new BoundedMap<string>(2);
 * m.set('a', '1');
 * ```
 */
class BoundedMap<V> {
  readonly #max: number;
  readonly #map = new Map<string, V>();
  constructor(max: number) {
    this.#max = max;
  }
  get(key: string): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    const oldest = this.#map.keys().next();
    if (this.#map.size > this.#max && !oldest.done) this.#map.delete(oldest.value);
  }
  clear(): void {
    this.#map.clear();
  }
}

/** Last answer to "which commit is `ref`": the ETag to send back and the SHA it stood for. */
const refTags = new BoundedMap<{ etag: string; sha: string }>(256);

/** Files read at a commit, keyed by source, commit and globs. */
const fileSets = new BoundedMap<SourceFile[]>(8);

/**
 * Empties every `lib/source` cache (ETags and file sets; not the on-disk git cache).
 *
 * @example
 * ```ts
 * afterEach(() => clearSourceCaches());
 * ```
 */
function clearSourceCaches(): void {
  refTags.clear();
  fileSets.clear();
}

export { BoundedMap, clearSourceCaches, fileSets, refTags };
