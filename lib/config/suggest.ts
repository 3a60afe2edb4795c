/**
 * "Did you mean" hints for unknown keys: the closest known key by edit distance, ignoring case
 * and treating "-" like "_", when it is close enough to be a plausible typo.
 *
 * @example
 * ```ts
 * closestKey('servises', ['services', 'ssls']); // 'services'
 * closestKey('foo', ['services']); // undefined
 * ```
 */

const normalise = (key: string): string => key.toLowerCase().replaceAll('-', '_');

/** Levenshtein distance with one rolling row; inputs are short keys. */
const distance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? Math.max(a.length, b.length);
};

/**
 * The known key closest to `key`, if within a third of its length (at least 1, at most 3
 * edits), or a plural/singular slip such as `service` for `services`.
 *
 * @example
 * ```ts
 * closestKey('path-prefix', ['path_prefix', 'hosts']); // 'path_prefix'
 * ```
 */
const closestKey = (key: string, known: readonly string[]): string | undefined => {
  const wanted = normalise(key);
  let best: { key: string; score: number } | undefined;
  for (const candidate of known) {
    const score = distance(wanted, normalise(candidate));
    if (!best || score < best.score) best = { key: candidate, score };
  }
  if (!best) return undefined;
  const budget = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  return best.score <= budget ? best.key : undefined;
};

/**
 * A message for an unknown key, with a hint when a known key is close.
 *
 * @example
 * ```ts
 * unknownKeyMessage('upstream_hots', ['upstream_host']); // 'Unknown key "upstream_hots" (did you mean "upstream_host"?)'
 * ```
 */
const unknownKeyMessage = (key: string, known: readonly string[]): string => {
  const hint = closestKey(key, known);
  return hint ? `Unknown key "${key}" (did you mean "${hint}"?)` : `Unknown key "${key}"`;
};

export { closestKey, unknownKeyMessage };
