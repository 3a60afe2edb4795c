/**
 * The pipeline every trigger shares. See `runSync`.
 *
 * @example
 * ```ts
 * import { runSync } from '../lib/sync/index.js';
 * ```
 */
export { guardDeletes } from './guard.js';
export { buildReport, planCounts, summaryOf } from './report.js';
export type { RunSyncInput } from './run.js';
export { runSync } from './run.js';
export type * from './types.js';
