/**
 * Prune guards: deletes are the only irreversible writes, so they are refused — while creates
 * and updates still apply — when the desired set is empty (a git outage or an emptied file must
 * not wipe a gateway, peers.md: Argo CD's `allowEmpty`), when the source could not be read, or
 * when there are more deletes than the threshold; `force` overrides.
 *
 * @example
 * ```ts
 * const { allowed, refused } = guardDeletes(events, { desiredCount: 0, force: false, refuseEmptyPrune: true });
 * ```
 */
import type { DiffEvent } from '../differ/types.js';

interface GuardOptions {
  desiredCount: number;
  force?: boolean;
  refuseEmptyPrune?: boolean;
  maxDeletes?: number;
  /** Why the desired set cannot be trusted (unreadable source, failed lint), if it cannot. */
  untrustedSource?: string;
}

interface GuardResult {
  allowed: DiffEvent[];
  refused: { event: DiffEvent; reason: string }[];
}

function refusal(options: GuardOptions, deletes: number): string | undefined {
  if (options.untrustedSource) return `${options.untrustedSource}; refusing ${deletes} delete(s)`;
  if (options.refuseEmptyPrune !== false && options.desiredCount === 0) {
    return `the desired configuration is empty; refusing to delete ${deletes} resource(s) (force to override)`;
  }
  if (options.maxDeletes !== undefined && deletes > options.maxDeletes) {
    return `${deletes} deletes exceed the limit of ${options.maxDeletes} (force to override)`;
  }
  return undefined;
}

/** Splits `events` into what may be applied and the deletes a guard refused. */
function guardDeletes(events: readonly DiffEvent[], options: GuardOptions): GuardResult {
  const deletes = events.filter((e) => e.type === 'delete');
  const reason =
    deletes.length > 0 && !options.force ? refusal(options, deletes.length) : undefined;
  if (reason === undefined) return { allowed: [...events], refused: [] };
  return {
    allowed: events.filter((e) => e.type !== 'delete'),
    refused: deletes.map((event) => ({ event, reason })),
  };
}

export type { GuardOptions, GuardResult };
export { guardDeletes };
