/**
 * The differ's contract: plain data in, plain data out.
 *
 * @example
 * ```ts
 * const events = diff(desired, live, { defaults, prune: 'owned' });
 * for (const e of events) console.log(e.type, e.resourceType, e.resourceName);
 * ```
 */
import type { Resource, ResourceType } from '../config/resources-types.js';

type EventType = 'create' | 'update' | 'delete';

/** One changed leaf of an update, with a dotted path such as `plugins.cors.max_age` or `nodes[0].host`. */
interface Change {
  path: string;
  /** Live value; absent when the field is new. */
  before?: unknown;
  /** Desired value; absent when the field was removed. */
  after?: unknown;
}

interface DiffEvent {
  type: EventType;
  resourceType: ResourceType;
  resourceId: string;
  resourceName: string;
  parentId?: string;
  /** ADC name of the parent (service name, username) when the parent is known on either side; for plan lines. */
  parentName?: string;
  /** Live value (update, delete). */
  oldValue?: Record<string, unknown>;
  /** Desired Admin API body to write (create, update). */
  newValue?: Record<string, unknown>;
  /** Update only: what differs after normalisation. */
  changes?: Change[];
}

/**
 * Defaults of one JSON schema node, pruned to what matters for comparison: a `default` value,
 * defaults of object properties, and defaults of array items.
 */
interface SchemaDefaults {
  default?: unknown;
  properties?: Record<string, SchemaDefaults>;
  items?: SchemaDefaults;
}

/** Schema defaults of one gateway (per resource type and per plugin), fetched by the backend. */
interface Defaults {
  core: Partial<Record<ResourceType, SchemaDefaults>>;
  /** Plugin config defaults, keyed by plugin name. */
  plugins: Record<string, SchemaDefaults>;
  /** Plugin defaults for consumer and credential plugin configs (`schema_type=consumer`), when they differ. */
  consumerPlugins?: Record<string, SchemaDefaults>;
  /** Plugin metadata defaults (the plugin's `metadata_schema`), keyed by plugin name. */
  pluginMetadata?: Record<string, SchemaDefaults>;
}

/** What may be deleted: ADC semantics (`all`), only resources carrying the owner label (`owned`), or nothing. */
type PruneMode = 'all' | 'owned' | 'none';

interface DiffOptions {
  defaults?: Defaults;
  /** Default `all` (ADC `/sync` semantics). */
  prune?: PruneMode;
  /** Label that marks ownership for `prune: 'owned'`; default `{ key: 'managed-by', value: 'adc' }`. */
  ownerLabel?: { key: string; value: string };
  /**
   * Scope filter (label selector, resource-type include/exclude), applied the same way to both
   * sides; resources out of scope are neither compared nor deleted. A resource that follows a
   * parent (a consumer credential, an inline or named upstream owned by a service) is passed
   * with that parent when either side knows it: the caller judges its type by `r` (so
   * `excludeResourceTypes: ['upstream']` keeps named upstreams out of the plan) and its labels
   * by `parent` (followers carry none of their own). Default: everything.
   */
  inScope?: (r: Resource, parent?: Resource) => boolean;
}

/** Event counts for one resource type, or for the whole plan. */
interface OperationCounts {
  create: number;
  update: number;
  delete: number;
}

/** What `summarize(events)` returns: totals, and counts per resource type (types without events are absent). */
interface PlanSummary extends OperationCounts {
  total: number;
  byType: Partial<Record<ResourceType, OperationCounts>>;
}

export type {
  Change,
  Defaults,
  DiffEvent,
  DiffOptions,
  EventType,
  OperationCounts,
  PlanSummary,
  PruneMode,
  Resource,
  ResourceType,
  SchemaDefaults,
};
