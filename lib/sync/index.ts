/**
 * The pipeline every trigger shares. See `runSync`.
 *
 * @example
 * ```ts
 * import { runSync } from '../lib/sync/index.js';
 * ```
 */
export { deleteLimit, guardDeletes } from './guard.js';
export { maskEvent, maskSecrets } from './mask.js';
export { buildReport, planCounts, summaryOf } from './report.js';
export type { RunSyncInput } from './run.js';
export { runSync } from './run.js';
export type { ResolvedScope, SyncScopeType } from './scope.js';
export { resolveScope, SCOPE_TYPES, scopePredicate, toScope } from './scope.js';
export type * from './types.js';
