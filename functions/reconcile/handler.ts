/**
 * `reconcile` Lambda handler: invoked by EventBridge Scheduler every few minutes (every
 * target) and asynchronously by `git-webhook` (one target at the pushed commit). It reads the
 * targets, runs `lib/sync`'s reconciler and returns `{ reports }`.
 *
 * It throws — so Lambda's async retries and the on-failure queue see the invocation — only
 * when `APISYNC_TARGETS` or the event is invalid, or when every target failed for a reason a
 * retry could fix (source or gateway unreachable). Refused prunes, lint errors and partial
 * failures are results: retrying the same commit would end the same way.
 *
 * The agent registry, logger, metrics writer and parsed targets live in module scope, created
 * on first use: importing the module reads no environment and opens no socket.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { type AgentRegistry, createAgentRegistry } from '../../lib/http/index.js';
import { createLogger, createMetrics, type Logger, type Metrics } from '../../lib/log/index.js';
import { getSecretResolver } from '../../lib/secrets/index.js';
import {
  ReconcileRetryError,
  reconcile,
  shouldRetry,
  type TargetReport,
} from '../../lib/sync/reconcile.js';
import { clearTargetsCache, currentTargets, type Target } from '../../lib/targets/index.js';

const SERVICE = 'reconcile';

/** What git-webhook (or an operator) sends to reconcile one target. */
interface TargetEvent {
  target: string;
  ref?: string;
  sha?: string;
  reason?: string;
  deliveryId?: string;
  force?: boolean;
}

let registry: AgentRegistry | undefined;
let logger: Logger | undefined;
let metrics: Metrics | undefined;
function getMetrics(): Metrics {
  metrics ??= createMetrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || 'apisync',
    service: process.env.POWERTOOLS_SERVICE_NAME || SERVICE,
  });
  return metrics;
}

/**
 * Reconciles the targets the event names and returns one report per target.
 *
 * @example
 * ```ts
 * const { reports } = await handler(scheduledEvent, context);
 * // [{ target: 'prod', status: 'success', source: { type: 'git', ref: 'main', sha: '…' }, … }]
 * ```
 */
async function handler(
  event: ScheduledEvent | TargetEvent,
  context: Context,
): Promise<{ reports: TargetReport[] }> {
  registry ??= createAgentRegistry();
  logger ??= createLogger({ service: SERVICE });
  const log = logger.child({ requestId: context.awsRequestId });
  registry.checkpoint();
  let targets: Target[];
  try {
    targets = currentTargets();
  } catch (err) {
    // A broken deployment: fail loudly with every issue (references only, never values).
    log.error('APISYNC_TARGETS is invalid', {
      error: err instanceof Error ? err.message : String(err),
    });
    throw err;
  }
  const { reports } = await reconcile({
    event,
    targets,
    registry,
    resolver: getSecretResolver(),
    logger: log,
    metrics: getMetrics(),
  }).catch((err: unknown) => {
    // Only an unrecognised event gets here: target failures are reports.
    log.error('reconcile event rejected', {
      error: err instanceof Error ? err.message : String(err),
    });
    throw err;
  });
  log.debug('invocation finished', { targets: reports.length, pool: registry.delta() });
  if (shouldRetry(reports)) throw new ReconcileRetryError(reports);
  return { reports };
}

/**
 * Drops the module-scope registry (destroying its sockets), logger, metrics writer and parsed
 * targets (tests).
 *
 * @example
 * ```ts
 * afterEach(() => clearCaches());
 * ```
 */
function clearCaches(): void {
  registry?.destroy();
  registry = undefined;
  logger = undefined;
  metrics = undefined;
  clearTargetsCache();
}

export type { TargetEvent };
export { clearCaches, handler };
