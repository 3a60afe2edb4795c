/**
 * `runSync`: load → lint → dump → diff → guard → apply → report, shared by the CLI, `/sync`,
 * `/validate` and the reconciler. Runs for the same target within one process are serialised.
 *
 * @example
 * ```ts
 * const report = await runSync({
 *   mode: 'sync', files: ['adc.yaml'],
 *   target: { backend: 'apisix', servers: ['http://127.0.0.1:9180'], token },
 *   registry, logger,
 * });
 * ```
 */
import type { ApplyResult, Backend } from '../apisix/types.js';
import type { Resource } from '../config/resources-types.js';
import { diff, formatPlan } from '../differ/index.js';
import type { DiffEvent } from '../differ/types.js';
import { subtractCounters } from '../http/counters.js';
import type { AgentRegistry } from '../http/registry.js';
import type { Logger } from '../log/types.js';
import { connect } from './backend.js';
import { deleteLimit, guardDeletes } from './guard.js';
import { type DesiredInput, loadDesired } from './load.js';
import { maskEvent } from './mask.js';
import { buildReport } from './report.js';
import { keepInScope, resolveScope, scopePredicate } from './scope.js';
import type { Report, SyncMode, SyncOptions, SyncScope, SyncTarget } from './types.js';
import { pluginUsage } from './usage.js';

interface RunSyncInput extends DesiredInput {
  mode: SyncMode;
  target: SyncTarget;
  scope?: SyncScope;
  options?: SyncOptions;
  registry: AgentRegistry;
  logger?: Logger;
  onProgress?: (done: number, total: number) => void;
  /** Where the desired configuration came from, for the report. */
  source?: Report['source'];
  now?: () => number;
}

const running = new Map<string, Promise<unknown>>();

function lockKey(target: SyncTarget): string {
  return `${target.backend}|${target.servers.join(',')}|${target.cacheKey ?? ''}`;
}

/** Runs `fn` after every earlier run for the same key has settled. */
async function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = running.get(key) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(fn);
  running.set(key, current);
  try {
    return await current;
  } finally {
    if (running.get(key) === current) running.delete(key);
  }
}

interface Planned {
  events: DiffEvent[];
  desired: Resource[];
  /** Live resources within scope. */
  liveInScope: number;
  version: string;
}

async function plan(
  backend: Backend,
  input: RunSyncInput,
  toResources: (v: string) => Resource[],
): Promise<Planned> {
  const scope = resolveScope(input.scope);
  // Only the lists the scope needs: AIC's include list spares one request per consumer.
  const { resources: live, version } = await backend.dump({ types: scope.types });
  const desired = toResources(version);
  const defaults = await backend.defaults(pluginUsage([...desired, ...live]));
  const inScope = scopePredicate(scope, [...desired, ...live]);
  const events = diff(desired, live, { defaults, prune: input.options?.prune ?? 'all', inScope });
  return { events, desired, liveInScope: keepInScope(live, inScope).length, version };
}

async function validateRun(
  backend: Backend,
  toResources: (v: string) => Resource[],
  requests: () => number,
  startedAt: number,
): Promise<Report> {
  const version = await backend.version();
  const result = await backend.validate(toResources(version));
  const report = buildReport({
    mode: 'validate',
    events: [],
    results: [],
    refused: [],
    version,
    startedAt,
    requests: requests(),
  });
  report.validation = {
    validated_by_gateway: result.validatedByGateway,
    note: result.note,
    errors: result.issues,
  };
  if (!result.success) report.status = 'all_failed';
  return report;
}

async function execute(
  input: RunSyncInput,
  backend: Backend,
  requests: () => number,
  startedAt: number,
): Promise<Report> {
  const options = input.options ?? {};
  const { toResources } = await loadDesired(input, input.scope ?? {}, options);
  if (input.mode === 'validate') return validateRun(backend, toResources, requests, startedAt);
  const { events, desired, liveInScope, version } = await plan(backend, input, toResources);
  const { allowed, refused } = guardDeletes(events, {
    desiredCount: desired.length,
    force: options.force,
    refuseEmptyPrune: options.refuseEmptyPrune,
    maxDeletes: deleteLimit(options.maxDeletes, liveInScope),
  });
  const dryRun = input.mode === 'diff' || options.dryRun === true;
  const results: ApplyResult[] = dryRun
    ? []
    : await backend.apply(allowed, {
        exitOnFailure: options.exitOnFailure,
        onProgress: input.onProgress,
      });
  const report = buildReport({
    mode: input.mode,
    events,
    results,
    refused,
    dryRun,
    target: input.target.name,
    version,
    endpointStatus: backend.endpointStatus?.(),
    startedAt,
    now: input.now,
    requests: requests(),
  });
  if (dryRun) {
    report.events = events.map(maskEvent);
    report.plan_lines = formatPlan(events);
  }
  return report;
}

/** The pipeline; see the module comment. Throws `ConfigError` for invalid configuration. */
async function runSync(input: RunSyncInput): Promise<Report> {
  const now = input.now ?? Date.now;
  return serialised(lockKey(input.target), async () => {
    const startedAt = now();
    const before = input.registry.counters();
    const { backend, requests } = connect(input.target, input.registry);
    const report = await execute(input, backend, requests, startedAt);
    report.pool = { ...subtractCounters(input.registry.counters(), before) };
    if (input.source) report.source = input.source;
    input.logger?.info('sync finished', {
      target: input.target.name,
      mode: input.mode,
      status: report.status,
      plan: { create: report.plan.create, update: report.plan.update, delete: report.plan.delete },
      failed: report.failed_count,
      skipped: report.skipped.length,
      refused: report.refused.length,
      requests: report.requests,
      durationMs: report.duration_ms,
      pool: report.pool,
    });
    return report;
  });
}

export type { RunSyncInput };
export { runSync };
