/**
 * Builds the report: ADC's `/sync` result shape (`status`, `total_resources`, `success_count`,
 * `failed_count`, `success[]`, `failed[]`) plus `skipped[]`, plan counts, refused deletes,
 * timings and request/pool counters.
 *
 * Unlike ADC, `total_resources` counts events (resources), not HTTP writes, and a skipped
 * dependent is reported as skipped rather than attempted.
 *
 * @example
 * ```ts
 * const report = buildReport({ mode: 'sync', events, results, refused: [], startedAt, requests: 12 });
 * ```
 */
import type { ApplyResult, EndpointStatus } from '../apisix/types.js';
import type { DiffEvent } from '../differ/types.js';
import { redactUrl } from '../log/redact.js';
import { maskRequest, maskResponse } from './mask.js';
import type { EventSummary, PlanCounts, Report, SkippedEntry, SyncMode } from './types.js';

interface ReportInput {
  mode: SyncMode;
  events: readonly DiffEvent[];
  results: readonly ApplyResult[];
  refused: readonly { event: DiffEvent; reason: string }[];
  dryRun?: boolean;
  target?: string;
  version?: string;
  endpointStatus?: EndpointStatus[];
  startedAt: number;
  now?: () => number;
  requests: number;
  pool?: Record<string, number>;
}

function summaryOf(event: DiffEvent): EventSummary {
  const s: EventSummary = {
    resourceType: event.resourceType,
    type: event.type,
    resourceId: event.resourceId,
    resourceName: event.resourceName,
  };
  if (event.parentId !== undefined) s.parentId = event.parentId;
  return s;
}

function planCounts(events: readonly DiffEvent[]): PlanCounts {
  const plan: PlanCounts = { create: 0, update: 0, delete: 0, byType: {} };
  for (const e of events) {
    plan[e.type]++;
    const t = plan.byType[e.resourceType] ?? { create: 0, update: 0, delete: 0 };
    t[e.type]++;
    plan.byType[e.resourceType] = t;
  }
  return plan;
}

function statusOf(ok: number, notOk: number): Report['status'] {
  if (notOk === 0) return 'success';
  return ok === 0 ? 'all_failed' : 'partial_failure';
}

/**
 * `redactUrl` once per distinct server: thousands of successes share one or two servers. The
 * sources already refuse userinfo in server URLs; this is the belt under that.
 */
function serverRedactor(): (server: string | undefined) => string | undefined {
  const seen = new Map<string, string>();
  return (server) => {
    if (server === undefined) return undefined;
    let shown = seen.get(server);
    if (shown === undefined) {
      shown = redactUrl(server);
      seen.set(server, shown);
    }
    return shown;
  };
}

function endpointView(
  e: EndpointStatus,
  server: (s: string) => string | undefined,
): EndpointStatus {
  const out: EndpointStatus = { ...e, server: server(e.server) ?? '' };
  if (e.request) out.request = maskRequest(e.request);
  if (e.response) out.response = maskResponse(e.response);
  return out;
}

function entries(results: readonly ApplyResult[], server: (s?: string) => string | undefined) {
  const success = results
    .filter((r) => r.status === 'success')
    .map((r) => ({ server: server(r.server), event: summaryOf(r.event), synced_at: r.at }));
  const failed = results
    .filter((r) => r.status === 'failed')
    .map((r) => ({
      server: server(r.server),
      event: summaryOf(r.event),
      failed_at: r.at,
      reason: r.reason ?? 'failed',
      response: r.response && maskResponse(r.response),
      request: r.request && maskRequest(r.request),
    }));
  const skipped: SkippedEntry[] = results
    .filter((r) => r.status === 'skipped')
    .map((r) => ({ event: summaryOf(r.event), reason: r.reason ?? 'skipped' }));
  return { success, failed, skipped };
}

function buildReport(input: ReportInput): Report {
  const now = input.now ?? Date.now;
  const server = serverRedactor();
  const { success, failed, skipped } = entries(input.results, server);
  // A standalone endpoint that failed is a failure even when no event did (a lagging server
  // that could not be brought level): AIC once missed such failures (adc.md §6, #10).
  const endpoints = input.endpointStatus ?? [];
  const endpointFailures = endpoints.filter((e) => !e.success).length;
  const status =
    endpointFailures > 0 && success.length + failed.length + skipped.length === 0
      ? statusOf(endpoints.length - endpointFailures, endpointFailures)
      : statusOf(success.length, failed.length + skipped.length);
  const report: Report = {
    status,
    // Distinct events: a standalone document some servers applied and others rejected has
    // each event once in `success[]` and once in `failed[]`.
    total_resources: new Set(input.results.map((r) => r.event)).size,
    success_count: success.length,
    failed_count: failed.length,
    success,
    failed,
    skipped,
    mode: input.mode,
    dry_run: input.dryRun ?? false,
    plan: planCounts(input.events),
    refused: input.refused.map((r) => ({ event: summaryOf(r.event), reason: r.reason })),
    duration_ms: Math.round(now() - input.startedAt),
    requests: input.requests,
  };
  if (input.target !== undefined) report.target = input.target;
  if (input.version !== undefined) report.apisix_version = input.version;
  if (input.endpointStatus)
    report.endpoint_status = input.endpointStatus.map((e) => endpointView(e, server));
  if (input.pool) report.pool = input.pool;
  return report;
}

export { buildReport, planCounts, summaryOf };
