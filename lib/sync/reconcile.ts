/**
 * The reconciler: what the `reconcile` Lambda function and `apisync dev`'s timer run. A
 * scheduled event reconciles every target, one after another; `{ target, sha?, ref?, reason }`
 * (git-webhook's hand-off) reconciles that one target at that commit. Per target: secrets →
 * source at one SHA → `runSync` (load → lint → dump → diff → guard → apply, or plan only when
 * `dryRun`) → report, one log line and one EMF document.
 *
 * Runs are idempotent (desired-state diff), so Lambda's duplicate or retried deliveries of an
 * async event are harmless.
 *
 * @example
 * ```ts
 * const { reports } = await reconcile({
 *   event, targets: loadTargets(), registry, resolver: getSecretResolver(), logger, metrics,
 * });
 * if (shouldRetry(reports)) throw new ReconcileRetryError(reports);
 * ```
 */
import { ApisyncError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { Target } from '../targets/types.js';
import { emitTargetMetrics, logTargetReport, METRIC } from './reconcile-emit.js';
import { parseReconcileEvent, ReconcileEventError } from './reconcile-event.js';
import { shouldRetry } from './reconcile-outcome.js';
import { DEFAULT_MAX_DELETES, reconcileTarget } from './reconcile-target.js';
import type {
  ReconcileInput,
  ReconcileResult,
  ReconcileTrigger,
  TargetReport,
  TargetTrigger,
} from './reconcile-types.js';

/**
 * Every target failed for a reason a retry could fix; thrown by the handler so Lambda retries.
 *
 * @example
 * ```ts
 * if (shouldRetry(reports)) throw new ReconcileRetryError(reports);
 * ```
 */
class ReconcileRetryError extends ApisyncError {
  readonly reports: TargetReport[];
  constructor(reports: TargetReport[]) {
    const why = reports.map((r) => `${r.target}: ${r.error?.stage} (${r.error?.message})`);
    super(`every target failed with a retryable error: ${why.join('; ')}`);
    this.reports = reports;
  }
}

/** The metric dimension for a target name nobody configured (keeps cardinality bounded). */
const UNKNOWN_TARGET_DIMENSION = '(unknown)';

function unknownTargetReport(trigger: TargetTrigger, targets: readonly Target[]): TargetReport {
  const known = targets.map((t) => t.name).join(', ') || 'none';
  const report: TargetReport = {
    target: trigger.target,
    status: 'failed',
    converged: false,
    dryRun: false,
    reason: trigger.reason,
    source: { type: 'unknown' },
    drift: { create: 0, update: 0, delete: 0, total: 0, byType: {} },
    writes: 0,
    failures: [],
    skipped: [],
    refused: { count: 0, resources: [] },
    error: {
      stage: 'target',
      message: `unknown target "${trigger.target}"; APISYNC_TARGETS defines: ${known}; nothing was written`,
      retryable: false,
    },
    durationMs: 0,
    requests: 0,
  };
  if (trigger.deliveryId !== undefined) report.deliveryId = trigger.deliveryId;
  return report;
}

function triggerFields(trigger: ReconcileTrigger): Record<string, unknown> {
  if (trigger.kind === 'schedule') {
    return { trigger: 'schedule', eventSource: trigger.eventSource, eventId: trigger.eventId };
  }
  return { trigger: trigger.reason, deliveryId: trigger.deliveryId, force: trigger.force };
}

async function runTargets(
  input: ReconcileInput,
  trigger: ReconcileTrigger,
  targets: readonly Target[],
  log: Logger,
): Promise<TargetReport[]> {
  const reports: TargetReport[] = [];
  // One after another: targets may share a gateway or a source cache, and a reconcile run is
  // bounded by one Lambda timeout either way.
  for (const target of targets) {
    const report = await reconcileTarget({
      target,
      trigger,
      registry: input.registry,
      resolver: input.resolver,
      logger: log.child({ target: target.name }),
      ...(input.sourceDeps ? { sourceDeps: input.sourceDeps } : {}),
      ...(input.now ? { now: input.now } : {}),
    });
    emitTargetMetrics(input.metrics, report);
    logTargetReport(log, report);
    reports.push(report);
  }
  return reports;
}

/**
 * Reconciles the targets the event names; returns one report per target and never throws for
 * a target's failure (see `shouldRetry`). Throws `ReconcileEventError` for an event it does
 * not recognise.
 *
 * @example
 * ```ts
 * const { reports } = await reconcile({
 *   event: { target: 'prod', sha: '3f2c…', ref: 'refs/heads/main', reason: 'webhook' },
 *   targets, registry, resolver, logger, metrics,
 * });
 * ```
 */
async function reconcile(input: ReconcileInput): Promise<ReconcileResult> {
  const trigger = parseReconcileEvent(input.event);
  const log = input.logger.child(triggerFields(trigger));
  if (trigger.kind === 'schedule') {
    if (input.targets.length === 0) log.warn('reconcile: APISYNC_TARGETS lists no targets');
    return { trigger, reports: await runTargets(input, trigger, input.targets, log) };
  }
  const target = input.targets.find((t) => t.name === trigger.target);
  if (!target) {
    const report = unknownTargetReport(trigger, input.targets);
    emitTargetMetrics(input.metrics, report, UNKNOWN_TARGET_DIMENSION);
    logTargetReport(log, report);
    return { trigger, reports: [report] };
  }
  return { trigger, reports: await runTargets(input, trigger, [target], log) };
}

export type * from './reconcile-types.js';
export {
  DEFAULT_MAX_DELETES,
  METRIC,
  parseReconcileEvent,
  ReconcileEventError,
  ReconcileRetryError,
  reconcile,
  shouldRetry,
};
