/** Version arithmetic for the behaviour switches (APISIX versions are `major.minor.patch`). */

/** Parsed versions: the behaviour switches ask about the same few strings on every request. */
const parsed = new Map<string, number>();

function versionNumber(version: string): number {
  const hit = parsed.get(version);
  if (hit !== undefined) return hit;
  const [major = 0, minor = 0, patch = 0] = version
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
  const value = major * 1_000_000 + minor * 1_000 + patch;
  // Bounded: versions come from options and code, but never let an odd caller grow it forever.
  if (parsed.size < 1000) parsed.set(version, value);
  return value;
}

/**
 * True when `version` is `min` or newer.
 *
 * @example
 * ```ts
 * atLeast('3.13.0', '3.14.0'); // false
 * ```
 */
function atLeast(version: string, min: string): boolean {
  return versionNumber(version) >= versionNumber(min);
}

export { atLeast, versionNumber };
