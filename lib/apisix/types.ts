/**
 * The backend contract `lib/sync` drives. Both `lib/apisix` (etcd mode) and
 * `lib/apisix-standalone` implement it; neither builds agents or reads `process.env`.
 *
 * @example
 * ```ts
 * const { resources, version } = await backend.dump();
 * const results = await backend.apply(events, { concurrency: 8 });
 * ```
 */
import type { Resource, ResourceType } from '../config/resources-types.js';
import type { Defaults, DiffEvent } from '../differ/types.js';

/** What a write looked like on the wire, admin key masked. */
interface WireRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  data?: unknown;
}

interface WireResponse {
  status: number;
  headers: Record<string, string>;
  data?: unknown;
}

type ApplyStatus = 'success' | 'failed' | 'skipped';

/** The outcome of one event. */
interface ApplyResult {
  event: DiffEvent;
  status: ApplyStatus;
  /** Why it failed or was skipped. */
  reason?: string;
  /** Server that answered (standalone: one result per endpoint is in `endpointStatus`). */
  server?: string;
  /** The write as sent (admin key masked): failed events only, for the report's `failed[]`. */
  request?: WireRequest;
  /** The Admin API's answer to a failed write, body bounded. */
  response?: WireResponse;
  /** ISO time of the answer (from the `Date` header when present). */
  at?: string;
}

interface ApplyOptions {
  /** Writes in flight at once; default 8. */
  concurrency?: number;
  /** Stop scheduling new work after the first failure; in-flight writes finish. */
  exitOnFailure?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** What a dump must cover: the resource types the run manages (absent: every type). */
interface DumpScope {
  types?: readonly ResourceType[];
}

interface DumpResult {
  resources: Resource[];
  version: string;
}

/** One data-plane endpoint's answer (standalone backend). */
interface EndpointStatus {
  server: string;
  success: boolean;
  reason?: string;
  requested_at?: string;
  response?: WireResponse;
  request?: WireRequest;
}

interface ValidationIssue {
  resourceType: string;
  resourceId?: string;
  resourceName?: string;
  index?: number;
  error: string;
}

interface ValidateResult {
  /** False when the gateway cannot validate (APISIX < 3.17); lint alone was done. */
  validatedByGateway: boolean;
  success: boolean;
  issues: ValidationIssue[];
  note?: string;
}

/** Which plugins a plan touches, by role (each role has its own schema). */
interface PluginUsage {
  /** On routes, services, stream routes, global rules. */
  plugins: Iterable<string>;
  /** On consumers and credentials (`schema_type=consumer`). */
  consumerPlugins: Iterable<string>;
  /** Named in plugin_metadata (`schema_type=metadata`). */
  metadataPlugins: Iterable<string>;
}

interface Backend {
  readonly kind: 'apisix' | 'apisix-standalone';
  /** Cheapest authenticated round trip. */
  ping(): Promise<{ version: string }>;
  /** Known after the first response; `dump()` fills it without an extra request. */
  version(): Promise<string>;
  /**
   * The live state. With a scope, lists that nothing in it needs are not read (see
   * `dumpPlan`): the result then holds only the types read.
   */
  dump(scope?: DumpScope): Promise<DumpResult>;
  /** Schema defaults for the differ, covering the plugins named. */
  defaults(usage: PluginUsage): Promise<Defaults>;
  apply(events: readonly DiffEvent[], options?: ApplyOptions): Promise<ApplyResult[]>;
  validate(resources: readonly Resource[]): Promise<ValidateResult>;
  /** Standalone only: per-endpoint status of the last apply. */
  endpointStatus?(): EndpointStatus[];
}

export type {
  ApplyOptions,
  ApplyResult,
  ApplyStatus,
  Backend,
  DumpResult,
  DumpScope,
  EndpointStatus,
  PluginUsage,
  ValidateResult,
  ValidationIssue,
  WireRequest,
  WireResponse,
};
