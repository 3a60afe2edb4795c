/**
 * One structured log line and one EMF document per sync API request: request id, route,
 * status, target (never its token or PEM material), counts, duration and the pool's deltas.
 *
 * @example
 * ```ts
 * recordRequest(logger, metrics, { requestId, route: 'sync', status: 202, durationMs: 41, report, pool });
 * ```
 */
import type { PoolCounters } from '../../http/counters.js';
import type { Metrics } from '../../log/metrics.js';
import type { Logger } from '../../log/types.js';
import type { Report } from '../types.js';

interface RequestRecord {
  requestId: string;
  method: string;
  path: string;
  route: string;
  status: number;
  durationMs: number;
  pool: PoolCounters;
  target?: Record<string, unknown>;
  report?: Report;
  /** Error kind when the request did not produce a report (`lint`, `admin_api_timeout`, …). */
  error?: string;
  message?: string;
}

function countsOf(report: Report): Record<string, unknown> {
  return {
    status: report.status,
    total: report.total_resources,
    success: report.success_count,
    failed: report.failed_count,
    skipped: report.skipped.length,
    refused: report.refused.length,
    plan: { create: report.plan.create, update: report.plan.update, delete: report.plan.delete },
    requests: report.requests,
    apisixVersion: report.apisix_version,
  };
}

function emit(metrics: Metrics, record: RequestRecord): void {
  metrics.addMetadata('requestId', record.requestId);
  metrics.addMetadata('route', record.route);
  metrics.addMetric('Requests', 'Count', 1);
  if (record.status >= 400 && record.status < 500) metrics.addMetric('ClientErrors', 'Count', 1);
  if (record.status >= 500) metrics.addMetric('ServerErrors', 'Count', 1);
  metrics.addMetric('RequestDuration', 'Milliseconds', record.durationMs);
  metrics.addMetric('SocketsCreated', 'Count', record.pool.socketsCreated);
  metrics.addMetric('ReusedRequests', 'Count', record.pool.reusedRequests);
  const report = record.report;
  if (report && record.route === 'sync') {
    metrics.addMetric('SyncWrites', 'Count', report.success_count);
    metrics.addMetric('SyncFailed', 'Count', report.failed_count);
    metrics.addMetric('SyncRefused', 'Count', report.refused.length);
  } else if (record.route === 'sync' && record.status >= 500) {
    // The sync could not start (gateway unreachable): it failed as a whole.
    metrics.addMetric('SyncFailed', 'Count', 1);
  }
  metrics.flush();
}

/**
 * Writes the request's log line (info below 500, error from 500) and flushes its metrics.
 *
 * @example
 * ```ts
 * recordRequest(logger, undefined, record); // log only
 * ```
 */
function recordRequest(logger: Logger, metrics: Metrics | undefined, record: RequestRecord): void {
  const fields: Record<string, unknown> = {
    requestId: record.requestId,
    method: record.method,
    path: record.path.slice(0, 200),
    route: record.route,
    status: record.status,
    durationMs: record.durationMs,
    pool: record.pool,
  };
  if (record.target) fields.target = record.target;
  if (record.report) fields.counts = countsOf(record.report);
  if (record.error) fields.error = record.error;
  if (record.message) fields.reason = record.message;
  const line = `${record.method} ${record.route} ${record.status}`;
  if (record.status >= 500) logger.error(line, fields);
  else logger.info(line, fields);
  if (metrics) emit(metrics, record);
}

export type { RequestRecord };
export { recordRequest };
