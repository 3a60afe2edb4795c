/**
 * The pipeline every trigger shares. See `runSync`.
 *
 * @example
 * ```ts
 * import { runSync } from '../lib/sync/index.js';
 * ```
 */
export { guardDeletes } from './guard.js';
export { maskEvent, maskSecrets } from './mask.js';
export { buildReport, planCounts, summaryOf } from './report.js';
export type { RunSyncInput } from './run.js';
export { runSync } from './run.js';
export { SCOPE_TYPES, toScope } from './scope.js';
export type * from './types.js';
