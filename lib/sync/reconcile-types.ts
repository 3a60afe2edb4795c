/**
 * Types of the reconciler: what triggers a run, what one target's run reports, and what the
 * caller (the Lambda handler, `apisync dev`) injects.
 *
 * @example
 * ```ts
 * const { reports } = await reconcile({ event, targets, registry, resolver, logger, metrics });
 * for (const r of reports) console.log(r.target, r.status, r.source.sha, r.drift.total);
 * ```
 */
import type { ResourceType } from '../config/resources-types.js';
import type { AgentRegistry } from '../http/registry.js';
import type { Metrics } from '../log/metrics.js';
import type { Logger } from '../log/types.js';
import type { SecretResolver } from '../secrets/resolver.js';
import type { SourceDeps } from '../source/types.js';
import type { Target } from '../targets/types.js';
import type { EventSummary } from './types.js';

/** A run of every target (EventBridge rule or EventBridge Scheduler). */
interface ScheduleTrigger {
  kind: 'schedule';
  reason: 'schedule';
  /** `aws.events` (EventBridge rule) or `aws.scheduler` (EventBridge Scheduler input). */
  eventSource: string;
  /** The event's `id` (Scheduler: the execution id), for correlating logs. */
  eventId?: string;
  /** The event's `time` (Scheduler: the scheduled time). */
  time?: string;
}

/** A run of one target, at a commit when `sha` is given (git-webhook, `apisync dev`, an operator). */
interface TargetTrigger {
  kind: 'target';
  target: string;
  ref?: string;
  sha?: string;
  /** Why it runs: `webhook`, `manual`, … (default `manual`). */
  reason: string;
  deliveryId?: string;
  /** Apply deletes the threshold guards would refuse (never those of an untrusted source). */
  force: boolean;
  /**
   * Apply exactly `sha` (and read `ref` instead of the target's own ref) even when the branch
   * has moved on: an operator's deliberate choice.
   * Without it a `sha` that is no longer the branch head is superseded by the head, so a
   * late or replayed webhook delivery can never roll the gateway back.
   */
  pin: boolean;
}

type ReconcileTrigger = ScheduleTrigger | TargetTrigger;

/** Where a run stopped before writing anything, and whether a retry could help. */
type FailureStage = 'target' | 'secrets' | 'source' | 'lint' | 'gateway' | 'internal';

interface ReconcileError {
  stage: FailureStage;
  message: string;
  /** A later attempt could succeed without anyone changing anything (network, 5xx, rate limit). */
  retryable: boolean;
  /** Lint: every issue, located. */
  issues?: { path: string; message: string; file?: string }[];
}

interface DriftCounts {
  create: number;
  update: number;
  delete: number;
  total: number;
  byType: Partial<Record<ResourceType, { create: number; update: number; delete: number }>>;
}

/**
 * One target's run. `converged` means the gateway now matches the source (or already did):
 * nothing failed, was skipped, refused, or left unapplied by `dryRun`.
 */
interface TargetReport {
  target: string;
  /** `success`: every planned write applied (or nothing to do); `failed`: nothing was written. */
  status: 'success' | 'partial_failure' | 'failed';
  converged: boolean;
  dryRun: boolean;
  reason: string;
  deliveryId?: string;
  source: { type: string; ref?: string; sha?: string };
  /** The commit the trigger asked for when the branch head superseded it. */
  superseded?: string;
  apisixVersion?: string;
  drift: DriftCounts;
  /** Successful writes (0 in `dryRun`). */
  writes: number;
  failures: { event: EventSummary; reason: string }[];
  skipped: { event: EventSummary; reason: string }[];
  /** Deletes a guard refused; `reason` says which guard and how to override. */
  refused: { count: number; reason?: string; resources: EventSummary[] };
  /** Set when the run stopped before any write. */
  error?: ReconcileError;
  /** Human-readable plan (dryRun only). */
  plan?: string[];
  durationMs: number;
  requests: number;
  pool?: Record<string, number>;
}

interface ReconcileInput {
  /** The raw invocation event (scheduled event, Scheduler input, or `{ target, sha?, … }`). */
  event: unknown;
  /** The validated target list (`loadTargets()`). */
  targets: readonly Target[];
  /** Module-scope agent registry: Admin API and source traffic share its pool. */
  registry: AgentRegistry;
  resolver: SecretResolver;
  logger: Logger;
  /** EMF writer; one document per target with a `target` dimension. */
  metrics?: Metrics;
  /** Source options shared by every target (cache directory, API base URL, timeout). */
  sourceDeps?: Omit<SourceDeps, 'agents' | 'token' | 'logger'>;
  now?: () => number;
}

interface ReconcileResult {
  trigger: ReconcileTrigger;
  reports: TargetReport[];
}

export type {
  DriftCounts,
  FailureStage,
  ReconcileError,
  ReconcileInput,
  ReconcileResult,
  ReconcileTrigger,
  ScheduleTrigger,
  TargetReport,
  TargetTrigger,
};
