/**
 * Turns one target's run — a `runSync` report or the error that stopped it — into the
 * reconciler's `TargetReport`, and classifies failures: where the run stopped and whether a
 * retry could fix it (the handler throws, so Lambda retries, only when every target failed
 * that way).
 *
 * Secret values never reach a report: messages are passed through `redactString` and every
 * value resolved for the run is masked wherever it might still appear.
 *
 * @example
 * ```ts
 * const report = reportFromSync(syncReport, { target: 'prod', reason: 'schedule', dryRun: false, source });
 * const failed = reportFromError(err, { target: 'prod', … }, secretValues);
 * ```
 */
import { AdminApiError, ConfigError, NetworkError, TimeoutError } from '../errors.js';
import { REDACTED, redactString } from '../log/redact.js';
import { SecretError } from '../secrets/errors.js';
import { SourceError } from '../source/errors.js';
import type { DriftCounts, ReconcileError, TargetReport } from './reconcile-types.js';
import type { PlanCounts, Report } from './types.js';

/** What every report of one run shares, known before the pipeline ran. */
interface RunContext {
  target: string;
  reason: string;
  deliveryId?: string;
  dryRun: boolean;
  source: TargetReport['source'];
  superseded?: string;
  startedAt: number;
  now: () => number;
}

const MAX_ISSUES = 50;

/**
 * Masks every resolved secret value that still occurs in `text` (belt and braces on top of
 * `redactString`).
 *
 * @example
 * ```ts
 * scrub(`rejected key ${adminKey}`, [adminKey]); // 'rejected key [REDACTED]'
 * ```
 */
function scrub(text: string, secrets: readonly string[]): string {
  let out = redactString(text);
  for (const value of secrets) {
    // Very short values would mask ordinary words; real keys and tokens are long.
    if (value.length >= 6) out = out.split(value).join(REDACTED);
  }
  return out;
}

function driftOf(plan: PlanCounts): DriftCounts {
  return {
    create: plan.create,
    update: plan.update,
    delete: plan.delete,
    total: plan.create + plan.update + plan.delete,
    byType: plan.byType,
  };
}

const NO_DRIFT: DriftCounts = { create: 0, update: 0, delete: 0, total: 0, byType: {} };

function gatewayRetryable(err: unknown): boolean {
  if (err instanceof NetworkError || err instanceof TimeoutError) return true;
  return err instanceof AdminApiError && (err.status >= 500 || err.status === 429);
}

function secretStage(err: SecretError): ReconcileError['stage'] {
  // A second 401 after the refetch is the gateway refusing the stored key.
  return err.reason === 'auth_rejected' ? 'gateway' : 'secrets';
}

function lintIssues(err: ConfigError): ReconcileError['issues'] {
  return err.issues.slice(0, MAX_ISSUES).map((i) => ({
    path: i.path.join('.'),
    message: i.message,
    ...(i.file === undefined ? {} : { file: i.file }),
  }));
}

/**
 * Where the run stopped and whether retrying later could succeed unchanged. Source: host
 * unreachable or rate limited; gateway: network errors, timeouts, 5xx and 429; Secrets
 * Manager: a failed fetch. Everything else (bad credentials, missing files, lint) needs a human.
 *
 * @example
 * ```ts
 * classify(new NetworkError({ method: 'GET', url, code: 'ECONNREFUSED' }), []);
 * // { stage: 'gateway', retryable: true, message: 'GET … failed: ECONNREFUSED' }
 * ```
 */
function classify(err: unknown, secrets: readonly string[]): ReconcileError {
  const message = scrub(err instanceof Error ? err.message : String(err), secrets);
  if (err instanceof SourceError) {
    const retryable = err.kind === 'unreachable' || err.kind === 'rate_limited';
    return { stage: 'source', message, retryable };
  }
  if (err instanceof ConfigError) {
    return { stage: 'lint', message, retryable: false, issues: lintIssues(err) };
  }
  if (err instanceof SecretError) {
    return { stage: secretStage(err), message, retryable: err.reason === 'fetch_failed' };
  }
  if (err instanceof AdminApiError || err instanceof NetworkError || err instanceof TimeoutError) {
    return { stage: 'gateway', message, retryable: gatewayRetryable(err) };
  }
  return { stage: 'internal', message, retryable: false };
}

function baseReport(
  ctx: RunContext,
  status: TargetReport['status'],
  converged: boolean,
): TargetReport {
  const report: TargetReport = {
    target: ctx.target,
    status,
    converged,
    dryRun: ctx.dryRun,
    reason: ctx.reason,
    source: ctx.source,
    drift: NO_DRIFT,
    writes: 0,
    failures: [],
    skipped: [],
    refused: { count: 0, resources: [] },
    durationMs: Math.round(ctx.now() - ctx.startedAt),
    requests: 0,
  };
  if (ctx.deliveryId !== undefined) report.deliveryId = ctx.deliveryId;
  if (ctx.superseded !== undefined) report.superseded = ctx.superseded;
  return report;
}

/**
 * The report of a run that stopped before any write: the error says where and why.
 *
 * @example
 * ```ts
 * reportFromError(new SourceError('connection refused', { kind: 'unreachable', url }), ctx, []);
 * // { status: 'failed', converged: false, error: { stage: 'source', retryable: true, … }, … }
 * ```
 */
function reportFromError(
  err: unknown,
  ctx: RunContext,
  secrets: readonly string[],
  extra: { requests?: number; pool?: Record<string, number> } = {},
): TargetReport {
  const error = classify(err, secrets);
  error.message = `${error.message}; nothing was written`;
  return {
    ...baseReport(ctx, 'failed', false),
    error,
    requests: extra.requests ?? 0,
    ...(extra.pool ? { pool: extra.pool } : {}),
  };
}

const EMPTY_REFUSAL = 'the desired configuration is empty';
const FORCE_HINT = / \(force to override\)$/;

/**
 * The guard's reason, reworded for the reconciler: `force` is a field of a target event, and
 * it lifts the delete threshold but never the empty-set guard.
 */
function refusalReason(reason: string | undefined): string | undefined {
  if (reason === undefined) return undefined;
  if (reason.startsWith(EMPTY_REFUSAL)) {
    return `${reason.replace(FORCE_HINT, '')}; the reconciler never prunes to an empty set (delete them with \`apisync sync --force\` if that is really meant)`;
  }
  return reason.replace(FORCE_HINT, ' (send { "target": …, "force": true } to override)');
}

function refusedOf(sync: Report): TargetReport['refused'] {
  if (sync.refused.length === 0) return { count: 0, resources: [] };
  return {
    count: sync.refused.length,
    reason: refusalReason(sync.refused[0]?.reason),
    resources: sync.refused.map((r) => r.event),
  };
}

function statusOf(sync: Report): TargetReport['status'] {
  if (sync.failed_count === 0 && sync.skipped.length === 0) return 'success';
  return sync.success_count === 0 ? 'failed' : 'partial_failure';
}

/**
 * The report of a run that reached the gateway, from `runSync`'s report.
 *
 * @example
 * ```ts
 * const report = reportFromSync(await runSync(input), ctx, [adminKey]);
 * console.log(report.drift.total, report.writes, report.refused.count);
 * ```
 */
function reportFromSync(sync: Report, ctx: RunContext, secrets: readonly string[]): TargetReport {
  const status = statusOf(sync);
  const drift = driftOf(sync.plan);
  const refused = refusedOf(sync);
  const unapplied = sync.dry_run ? drift.total : refused.count;
  const report: TargetReport = {
    ...baseReport(ctx, status, status === 'success' && unapplied === 0),
    dryRun: sync.dry_run,
    drift,
    writes: sync.success_count,
    failures: sync.failed.map((f) => ({ event: f.event, reason: scrub(f.reason, secrets) })),
    skipped: sync.skipped.map((s) => ({ event: s.event, reason: scrub(s.reason, secrets) })),
    refused,
    requests: sync.requests,
  };
  if (sync.apisix_version !== undefined) report.apisixVersion = sync.apisix_version;
  if (sync.pool) report.pool = sync.pool;
  if (sync.dry_run && sync.plan_lines) report.plan = sync.plan_lines;
  return report;
}

/**
 * True when there was something to run and every target failed for a reason a retry could fix
 * (source or gateway unreachable): the handler then throws so Lambda's async retries and the
 * on-failure destination see it. A partly failed run, a lint error or a refused prune is a
 * result, not an invocation failure: retrying the same commit would fail the same way.
 *
 * @example
 * ```ts
 * if (shouldRetry(reports)) throw new ReconcileRetryError(reports);
 * ```
 */
function shouldRetry(reports: readonly TargetReport[]): boolean {
  return reports.length > 0 && reports.every((r) => r.error?.retryable === true);
}

export type { RunContext };
export { classify, reportFromError, reportFromSync, scrub, shouldRetry };
