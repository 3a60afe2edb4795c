/**
 * The ADC server-mode contract as a transport-neutral core: `PUT /sync`, `PUT /validate`,
 * `GET /healthz/ready`, JSON 404/405 for anything else. The Lambda handler and `apisync dev`
 * both call it, so the deployed endpoint and the local one behave the same.
 *
 * Statuses: 202 applied (fully or partly; the body's `status` says which), 400 invalid request
 * or lint (every issue), 401/403 bearer token, 413 too large, 415 unknown encoding, 422 every
 * write failed, 502/504 Admin API unreachable, rejecting the key, or timing out before any write.
 *
 * @example
 * ```ts
 * const api = createSyncApi({ registry, logger });
 * const res = await api.handle({ method: 'PUT', path: '/sync', headers, rawBody, requestId });
 * ```
 */
import { subtractCounters } from '../../http/counters.js';
import { runSync } from '../run.js';
import type { Report } from '../types.js';
import { checkBearer } from './auth.js';
import { DEFAULT_BODY_LIMITS, readJsonBody } from './body.js';
import { type ErrorReply, errorToResponse, invalidBody } from './errors.js';
import { recordRequest } from './observe.js';
import { createKeyedQueue, type KeyedQueue } from './queue.js';
import { parseTaskBody } from './schema.js';
import { describeTarget, taskToRun } from './task.js';
import type { SyncApi, SyncApiOptions, SyncApiRequest, SyncApiResponse } from './types.js';
import { validateErrorBody, validateReply } from './validate.js';

type RouteName = 'sync' | 'validate' | 'ready';

const ROUTES: Record<string, Partial<Record<string, RouteName>>> = {
  '/sync': { PUT: 'sync' },
  '/validate': { PUT: 'validate' },
  '/healthz/ready': { GET: 'ready', HEAD: 'ready' },
};

interface Outcome {
  route: string;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  target?: Record<string, unknown>;
  report?: Report;
  error?: string;
  message?: string;
}

interface Ctx {
  options: SyncApiOptions;
  queue: KeyedQueue;
}

function isTrue(value: string | undefined): boolean {
  return /^(1|true|yes)$/i.test(value?.trim() ?? '');
}

function routeOf(req: SyncApiRequest): RouteName | Outcome {
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
  const methods = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  if (!methods) {
    const message = 'Not found: this API serves PUT /sync, PUT /validate and GET /healthz/ready';
    return { route: 'unknown', status: 404, body: { message } };
  }
  const route = methods[req.method.toUpperCase()];
  if (route) return route;
  const allow = Object.keys(methods).join(', ');
  return {
    route: 'unknown',
    status: 405,
    body: { message: `Method ${req.method.slice(0, 10)} not allowed on ${path}: use ${allow}` },
    headers: { allow },
  };
}

async function authorize(
  ctx: Ctx,
  req: SyncApiRequest,
  route: RouteName,
): Promise<Outcome | undefined> {
  const ref = (ctx.options.env ?? process.env).APISYNC_SYNC_API_TOKEN;
  if (!ref) return undefined;
  if (!ctx.options.resolveSecret)
    throw new Error('APISYNC_SYNC_API_TOKEN is set but no secret resolver was given');
  const denied = checkBearer(req.headers, await ctx.options.resolveSecret(ref));
  if (!denied) return undefined;
  const body =
    route === 'validate'
      ? { success: false, message: denied.message, errors: [] }
      : { message: denied.message };
  return { route, status: denied.status, body, headers: denied.headers, error: 'unauthorized' };
}

function syncOutcome(report: Report, target: Record<string, unknown>): Outcome {
  const status = report.status === 'all_failed' && report.failed_count > 0 ? 422 : 202;
  return { route: 'sync', status, body: report, report, target };
}

async function runTask(
  ctx: Ctx,
  req: SyncApiRequest,
  route: 'sync' | 'validate',
): Promise<Outcome> {
  const limits = { ...DEFAULT_BODY_LIMITS, ...ctx.options.limits };
  const parsed = parseTaskBody(await readJsonBody(req, limits));
  if (!parsed.ok) {
    const body = invalidBody('request', parsed.issues);
    const shaped = route === 'validate' ? { success: false, source: 'input', ...body } : body;
    return { route, status: 400, body: shaped, error: 'invalid_request', message: body.message };
  }
  const { opts, config } = parsed.body.task;
  const env = ctx.options.env ?? process.env;
  const run = taskToRun(opts, { allowEmptyPrune: isTrue(env.APISYNC_SYNC_API_ALLOW_EMPTY_PRUNE) });
  const target = describeTarget(run.target);
  try {
    const report = await ctx.queue.run(opts.cacheKey, () =>
      runSync({
        mode: route,
        config,
        ...run,
        registry: ctx.options.registry,
        now: ctx.options.now,
      }),
    );
    if (route === 'sync') return syncOutcome(report, target);
    const { status, body } = validateReply(report);
    return { route, status, body, report, target };
  } catch (err) {
    return { ...failure(route, err), target };
  }
}

function failure(route: string, err: unknown): Outcome {
  const reply: ErrorReply = errorToResponse(err);
  const source = reply.kind === 'lint' ? 'lint' : reply.status === 400 ? 'input' : undefined;
  const body = route === 'validate' ? validateErrorBody(reply, source) : reply.body;
  const message = reply.status === 500 && err instanceof Error ? err.message : reply.body.message;
  return { route, status: reply.status, body, error: reply.kind, message };
}

async function dispatch(ctx: Ctx, req: SyncApiRequest): Promise<Outcome> {
  const route = routeOf(req);
  if (typeof route !== 'string') return route;
  if (route === 'ready') return { route, status: 200, body: 'OK' };
  try {
    return (await authorize(ctx, req, route)) ?? (await runTask(ctx, req, route));
  } catch (err) {
    return failure(route, err);
  }
}

function toResponse(outcome: Outcome, requestId: string): SyncApiResponse {
  const text = typeof outcome.body === 'string';
  return {
    status: outcome.status,
    headers: {
      'content-type': text ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      'x-request-id': requestId,
      ...outcome.headers,
    },
    body: outcome.body,
  };
}

/**
 * Creates the sync API core. Keep one per process (it owns the per-`cacheKey` queue); the
 * registry it is given outlives requests.
 *
 * @example
 * ```ts
 * const api = createSyncApi({ registry: createAgentRegistry(), logger: createLogger({ service: 'sync-api' }) });
 * const res = await api.handle({ method: 'GET', path: '/healthz/ready', headers: {}, rawBody: Buffer.alloc(0), requestId: 'r1' });
 * // { status: 200, body: 'OK', … }
 * ```
 */
function createSyncApi(options: SyncApiOptions): SyncApi {
  const ctx: Ctx = { options, queue: createKeyedQueue() };
  const now = options.now ?? Date.now;
  return {
    async handle(req) {
      const started = now();
      const before = options.registry.counters();
      const outcome = await dispatch(ctx, req);
      recordRequest(options.logger, options.metrics, {
        requestId: req.requestId,
        method: req.method,
        path: req.path,
        route: outcome.route,
        status: outcome.status,
        durationMs: Math.round(now() - started),
        pool: subtractCounters(options.registry.counters(), before),
        target: outcome.target,
        report: outcome.report,
        error: outcome.error,
        message: outcome.message,
      });
      return toResponse(outcome, req.requestId);
    },
  };
}

export type { RouteName };
export { createSyncApi };
