/**
 * `lib/differ`: the pure differ (flat Admin API resources in, ordered events out), its defaults
 * machinery and the plan presentation. See docs/differ.md.
 *
 * @example
 * ```ts
 * import { diff, formatPlan, summarize } from '../differ/index.js';
 * const events = diff(desired, live, { defaults, prune: 'owned' });
 * console.log(formatPlan(events).join('\n'), summarize(events).total);
 * ```
 */
export { builtinDefaults } from './builtin-defaults.js';
export { deepEqual } from './compare.js';
export { diff } from './diff.js';
export { defaultsFromJsonSchema } from './json-schema.js';
export { ORDER } from './order.js';
export { formatPlan, summarize } from './plan.js';
export type {
  Change,
  Defaults,
  DiffEvent,
  DiffOptions,
  EventType,
  OperationCounts,
  PlanSummary,
  PruneMode,
  SchemaDefaults,
} from './types.js';
