/** Version arithmetic for the behaviour switches (APISIX versions are `major.minor.patch`). */

function versionNumber(version: string): number {
  const [major = 0, minor = 0, patch = 0] = version
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
  return major * 1_000_000 + minor * 1_000 + patch;
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
