/**
 * Prune guards: deletes are the only irreversible writes, so they are refused — while creates
 * and updates still apply — when the desired set is empty (a git outage or an emptied file must
 * not wipe a gateway, peers.md: Argo CD's `allowEmpty`) or when there are more deletes than the
 * threshold; `force` overrides. (An unreadable source never gets here: the reconciler stops
 * before any write when it cannot read or lint the desired configuration.)
 *
 * @example
 * ```ts
 * const { allowed, refused } = guardDeletes(events, { desiredCount: 0, force: false, refuseEmptyPrune: true });
 * ```
 */
import type { DiffEvent } from '../differ/types.js';
import type { SyncOptions } from './types.js';

interface GuardOptions {
  desiredCount: number;
  force?: boolean;
  refuseEmptyPrune?: boolean;
  maxDeletes?: number;
}

interface GuardResult {
  allowed: DiffEvent[];
  refused: { event: DiffEvent; reason: string }[];
}

function refusal(options: GuardOptions, deletes: number): string | undefined {
  if (options.refuseEmptyPrune !== false && options.desiredCount === 0) {
    return `the desired configuration is empty; refusing to delete ${deletes} resource(s) (force to override)`;
  }
  if (options.maxDeletes !== undefined && deletes > options.maxDeletes) {
    return `${deletes} deletes exceed the limit of ${options.maxDeletes} (force to override)`;
  }
  return undefined;
}

/**
 * The delete threshold for a run: a number as is; `{ floor, percentOfLive }` allows the larger
 * of `floor` and `percentOfLive` % of the live resources in scope, rounded down (so a plan
 * past the share is refused however small the excess).
 *
 * @example
 * ```ts
 * deleteLimit({ floor: 20, percentOfLive: 10 }, 450); // 45
 * deleteLimit({ floor: 20, percentOfLive: 10 }, 50); // 20
 * ```
 */
function deleteLimit(option: SyncOptions['maxDeletes'], liveInScope: number): number | undefined {
  if (option === undefined || typeof option === 'number') return option;
  return Math.max(option.floor, Math.floor((option.percentOfLive / 100) * liveInScope));
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
export { deleteLimit, guardDeletes };
