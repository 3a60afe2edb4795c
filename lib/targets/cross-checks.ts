/**
 * Rules that span fields or targets. They run on the raw input, next to the schema, so that
 * every problem is reported in one pass even when other fields of the same target are wrong.
 *
 * @example
 * ```ts
 * crossCheckIssues([{ name: 'a' }, { name: 'a' }]); // one `duplicate` issue at [1, 'name']
 * ```
 */
import type { ConfigIssue } from '../errors.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function duplicateNames(list: unknown[]): ConfigIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  list.forEach((item, i) => {
    if (!isRecord(item) || typeof item.name !== 'string') return;
    const first = firstIndex.get(item.name);
    if (first === undefined) firstIndex.set(item.name, i);
    else {
      issues.push({
        path: [i, 'name'],
        message: `must be unique: "${item.name}" is already the name of target [${first}]`,
        code: 'duplicate',
      });
    }
  });
  return issues;
}

function tlsPair(item: Record<string, unknown>, i: number): ConfigIssue[] {
  const tls = item.tls;
  if (!isRecord(tls)) return [];
  const hasCert = tls.clientCert !== undefined;
  const hasKey = tls.clientKey !== undefined;
  if (hasCert === hasKey) return [];
  const missing = hasCert ? 'clientKey' : 'clientCert';
  return [
    {
      path: [i, 'tls', missing],
      message: 'is required: clientCert and clientKey go together (mTLS needs both)',
      code: 'tls_pair',
    },
  ];
}

function includeExclude(item: Record<string, unknown>, i: number): ConfigIssue[] {
  if (item.includeResourceTypes === undefined || item.excludeResourceTypes === undefined) return [];
  return [
    {
      path: [i, 'excludeResourceTypes'],
      message: 'cannot be combined with includeResourceTypes; use one or the other',
      code: 'mutually_exclusive',
    },
  ];
}

/**
 * Issues no single-field schema can see: duplicate target names, a client certificate without
 * its key (or the reverse), and include and exclude filters set together.
 *
 * @example
 * ```ts
 * crossCheckIssues([{ name: 'p', tls: { clientCert: 'env:CERT' } }]);
 * // [{ path: [0, 'tls', 'clientKey'], code: 'tls_pair', message: 'is required: …' }]
 * ```
 */
function crossCheckIssues(list: unknown[]): ConfigIssue[] {
  const perTarget = list.flatMap((item, i) =>
    isRecord(item) ? [...tlsPair(item, i), ...includeExclude(item, i)] : [],
  );
  return [...duplicateNames(list), ...perTarget];
}

export { crossCheckIssues, isRecord };
