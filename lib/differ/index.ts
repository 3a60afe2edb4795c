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
import { builtinDefaults } from './builtin-defaults.js';
import { deepEqual } from './compare.js';
import { diff } from './diff.js';
import { defaultsFromJsonSchema } from './json-schema.js';
import { ORDER } from './order.js';
import { formatPlan, summarize } from './plan.js';

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
export { builtinDefaults, deepEqual, defaultsFromJsonSchema, diff, formatPlan, ORDER, summarize };
