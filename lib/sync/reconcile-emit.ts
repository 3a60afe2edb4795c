/**
 * What a reconcile run tells the outside world per target: one structured log line and one EMF
 * document with the metrics the infra alarms on (`SyncFailed`), each with a `target` dimension.
 * Every metric is written on every run, zeros included, so dashboards show continuous lines
 * and an alarm's "missing data" never means "healthy".
 *
 * @example
 * ```ts
 * emitTargetMetrics(metrics, report);
 * logTargetReport(logger, report);
 * ```
 */
import type { Metrics } from '../log/metrics.js';
import type { Logger } from '../log/types.js';
import type { TargetReport } from './reconcile-types.js';

/** Metric names exactly as the infra and the docs use them. */
const METRIC = {
  drift: 'DriftDetected',
  written: 'ResourcesWritten',
  failed: 'SyncFailed',
  refused: 'PruneRefused',
} as const;

/** Failure and skip reasons shown in the log line; the full lists are in the returned report. */
const MAX_LOGGED = 5;

/**
 * Writes one EMF document for `report`: `DriftDetected` (planned changes), `ResourcesWritten`,
 * `SyncFailed` (1 when the run failed or partly failed, else 0) and `PruneRefused` (refused
 * deletes), dimensioned by `target`.
 *
 * @example
 * ```ts
 * emitTargetMetrics(createMetrics({ namespace: 'apisync', service: 'reconcile' }), report);
 * ```
 */
function emitTargetMetrics(
  metrics: Metrics | undefined,
  report: TargetReport,
  dimension = report.target,
): void {
  if (!metrics) return;
  metrics.addDimension('target', dimension);
  metrics.addMetric(METRIC.drift, 'Count', report.drift.total);
  metrics.addMetric(METRIC.written, 'Count', report.writes);
  metrics.addMetric(METRIC.failed, 'Count', report.status === 'success' ? 0 : 1);
  metrics.addMetric(METRIC.refused, 'Count', report.refused.count);
  if (report.source.sha !== undefined) metrics.addMetadata('sourceSha', report.source.sha);
  metrics.addMetadata('reason', report.reason);
  metrics.flush();
}

function levelOf(report: TargetReport): 'info' | 'warn' | 'error' {
  if (report.status !== 'success') return 'error';
  return report.refused.count > 0 ? 'warn' : 'info';
}

/**
 * Logs the one line per target an operator reads: outcome, commit, counts, refusals and the
 * first few failures (the logger redacts every field again).
 *
 * @example
 * ```ts
 * logTargetReport(logger, report); // {"level":"info","message":"reconcile finished","target":"prod",…}
 * ```
 */
function logTargetReport(logger: Logger, report: TargetReport): void {
  const { byType: _byType, ...drift } = report.drift;
  const fields: Record<string, unknown> = {
    target: report.target,
    status: report.status,
    converged: report.converged,
    dryRun: report.dryRun,
    reason: report.reason,
    deliveryId: report.deliveryId,
    source: report.source,
    apisixVersion: report.apisixVersion,
    drift,
    writes: report.writes,
    failed: report.failures.length,
    failures: report.failures.slice(0, MAX_LOGGED),
    skipped: report.skipped.length,
    refused: { count: report.refused.count, reason: report.refused.reason },
    error: report.error,
    durationMs: report.durationMs,
    requests: report.requests,
    pool: report.pool,
  };
  logger[levelOf(report)]('reconcile finished', fields);
}

export { emitTargetMetrics, logTargetReport, METRIC };
