/**
 * `sync-api` Lambda handler: ADC server mode's `PUT /sync` and `PUT /validate` (plus
 * `GET /healthz/ready`) behind API Gateway HTTP API (payload 2.0), REST API (1.0) or a Function
 * URL. It adapts the event (lib/lambda), calls the shared core (lib/sync/api) and shapes the
 * answer for the event it came from.
 *
 * Module scope holds only cheap, I/O-free objects, created on the first invocation: the agent
 * registry (so warm invocations reuse their Admin API sockets, one HTTPS agent per TLS profile),
 * the logger, the metrics writer and the core. Nothing is read from the environment at import.
 */
import type { Context } from 'aws-lambda';
import { type AgentRegistry, createAgentRegistry } from '../../lib/http/index.js';
import {
  fromLambdaEvent,
  jsonResponse,
  LambdaEventError,
  type LambdaHttpEvent,
  type LambdaHttpResult,
  toLambdaResult,
} from '../../lib/lambda/index.js';
import { createLogger, createMetrics, type Logger } from '../../lib/log/index.js';
import { getSecretResolver } from '../../lib/secrets/index.js';
import { createSyncApi, type SyncApi, type SyncApiResponse } from '../../lib/sync/api/index.js';

const NAME = 'sync-api';

let pool: AgentRegistry | undefined;
let log: Logger | undefined;
let api: SyncApi | undefined;

function init(): { api: SyncApi; pool: AgentRegistry; log: Logger } {
  pool ??= createAgentRegistry();
  log ??= createLogger({ service: process.env.POWERTOOLS_SERVICE_NAME ?? NAME });
  api ??= createSyncApi({
    registry: pool,
    logger: log,
    metrics: createMetrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'apisync',
      service: NAME,
    }),
    resolveSecret: (ref) => getSecretResolver().resolve(ref),
  });
  return { api, pool, log };
}

function serialise(res: SyncApiResponse): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  const body = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  return { status: res.status, headers: res.headers, body };
}

/**
 * Handles one HTTP invocation.
 *
 * @example
 * ```ts
 * const res = await handler(httpApiEvent, context);
 * // { statusCode: 202, headers: { 'content-type': 'application/json; charset=utf-8', … }, body: '{"status":"success",…}' }
 * ```
 */
async function handler(event: LambdaHttpEvent, context: Context): Promise<LambdaHttpResult> {
  const state = init();
  state.pool.checkpoint();
  try {
    const req = fromLambdaEvent(event);
    const requestId = context.awsRequestId || req.requestId || 'unknown';
    const res = await state.api.handle({ ...req, requestId });
    return toLambdaResult(event, serialise(res));
  } catch (err) {
    const status = err instanceof LambdaEventError ? 400 : 500;
    const message = err instanceof LambdaEventError ? err.message : 'Internal error';
    state.log.error('sync-api invocation failed', {
      requestId: context.awsRequestId,
      error: message,
    });
    return toLambdaResult(event, jsonResponse(status, { message }));
  }
}

/**
 * Forgets the module-scope state (closing the pool's sockets), so a test can start cold.
 *
 * @example
 * ```ts
 * afterEach(() => resetSyncApiHandler());
 * ```
 */
function resetSyncApiHandler(): void {
  pool?.destroy();
  pool = undefined;
  log = undefined;
  api = undefined;
}

/** The module-scope registry (tests read its counters); `undefined` before the first invocation. */
function currentRegistry(): AgentRegistry | undefined {
  return pool;
}

export { currentRegistry, handler, resetSyncApiHandler };
