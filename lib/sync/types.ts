/**
 * Inputs and outputs of the pipeline every trigger shares (`runSync`).
 *
 * @example
 * ```ts
 * const report = await runSync({ mode: 'sync', config, target, registry, logger });
 * console.log(report.status, report.success_count, report.failed_count);
 * ```
 */

import type { EndpointStatus, WireRequest, WireResponse } from '../apisix/types.js';
import type { ResourceType } from '../config/resources-types.js';
import type { DiffEvent, PruneMode } from '../differ/types.js';
import type { TlsProfile } from '../http/types.js';

/** A gateway with its credentials resolved (values, not references). */
interface SyncTarget {
  /** For logs and reports; also the serialisation key's prefix. */
  name?: string;
  backend: 'apisix' | 'apisix-standalone';
  /** Admin API base URLs; etcd mode uses the first, standalone writes to all. */
  servers: string[];
  /** Admin key; standalone accepts one per server, comma-separated. */
  token: string;
  tls?: TlsProfile;
  /** Per-request timeout; default 10 s (ADC's default). */
  timeoutMs?: number;
  /** Parallel writes and reads; default 8. */
  concurrency?: number;
  /** Standalone baseline cache key (ADC `cacheKey`). */
  cacheKey?: string;
  bypassCache?: boolean;
}

interface SyncScope {
  labelSelector?: Record<string, string>;
  includeResourceTypes?: string[];
  excludeResourceTypes?: string[];
}

interface SyncOptions {
  /** Default `all` (ADC `/sync`); reconcile uses `owned`. */
  prune?: PruneMode;
  /**
   * Refuse the deletes when there are more than this; default: no limit. `{ floor, percentOfLive }`
   * allows the larger of `floor` and that share of the live resources in scope (reconcile:
   * 20 or 10 %).
   */
  maxDeletes?: number | { floor: number; percentOfLive: number };
  /** Refuse every delete when the desired set is empty; default true. */
  refuseEmptyPrune?: boolean;
  /** Apply refused deletes anyway. */
  force?: boolean;
  /** Plan and report, write nothing. */
  dryRun?: boolean;
  /** Lint the configuration (ADC `--no-lint` turns it off); default true. */
  lint?: boolean;
  /** Add `managed-by: adc` to every resource; default true. */
  managedByLabel?: boolean;
  exitOnFailure?: boolean;
  /** File input: substitute unset `${VAR}` with an empty string (ADC behaviour). */
  allowEmptyEnv?: boolean;
  /** File input: variables for `${VAR}`; default none (the CLI passes `process.env`). */
  env?: Record<string, string | undefined>;
}

type SyncMode = 'sync' | 'diff' | 'validate';

/** The event fields a report keeps (ADC strips diff, oldValue and newValue). */
interface EventSummary {
  resourceType: ResourceType;
  type: DiffEvent['type'];
  resourceId: string;
  resourceName: string;
  parentId?: string;
}

interface SuccessEntry {
  server?: string;
  event: EventSummary;
  synced_at?: string;
}

interface FailedEntry {
  server?: string;
  event: EventSummary;
  failed_at?: string;
  reason: string;
  response?: WireResponse;
  request?: WireRequest;
}

interface SkippedEntry {
  event: EventSummary;
  reason: string;
}

interface PlanCounts {
  create: number;
  update: number;
  delete: number;
  byType: Partial<Record<ResourceType, { create: number; update: number; delete: number }>>;
}

/** ADC's result shape plus apisync's additions. */
interface Report {
  status: 'success' | 'partial_failure' | 'all_failed';
  total_resources: number;
  success_count: number;
  failed_count: number;
  success: SuccessEntry[];
  failed: FailedEntry[];
  skipped: SkippedEntry[];
  endpoint_status?: EndpointStatus[];
  mode: SyncMode;
  dry_run: boolean;
  target?: string;
  apisix_version?: string;
  plan: PlanCounts;
  /** Deletes a guard refused, with the reason. */
  refused: SkippedEntry[];
  /** Diff mode: every planned event with its changes (secrets masked). */
  events?: DiffEvent[];
  /** Human-readable plan lines (diff mode). */
  plan_lines?: string[];
  /** Validate mode. */
  validation?: { validated_by_gateway: boolean; note?: string; errors: unknown[] };
  source?: { type?: string; ref?: string; sha?: string };
  duration_ms: number;
  requests: number;
  pool?: Record<string, number>;
}

export type {
  EventSummary,
  FailedEntry,
  PlanCounts,
  Report,
  SkippedEntry,
  SuccessEntry,
  SyncMode,
  SyncOptions,
  SyncScope,
  SyncTarget,
};
