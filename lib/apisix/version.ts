/**
 * APISIX version handling. The Admin API has no version endpoint; every response carries
 * `Server: APISIX/<x.y.z>` (apisix-admin-api.md §10.1), so apisync reads it from a response the
 * dump needs anyway instead of downloading a list just to probe (ADC's probe).
 *
 * @example
 * ```ts
 * versionFromServerHeader('APISIX/3.13.0'); // '3.13.0'
 * atLeast('3.13.0', '3.14.0');             // false
 * ```
 */

/** Treated as "newest" when the header hides the version (`enable_server_tokens: false`). */
const UNKNOWN_VERSION = '999.999.999';

function versionFromServerHeader(header: string | undefined): string | undefined {
  const match = /APISIX\/(\d+\.\d+\.\d+)/i.exec(header ?? '');
  return match?.[1];
}

function parts(version: string): number[] {
  return version.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

/** Negative, zero or positive like a comparator. */
function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function atLeast(version: string, minimum: string): boolean {
  return compareVersions(version, minimum) >= 0;
}

export { atLeast, compareVersions, UNKNOWN_VERSION, versionFromServerHeader };
