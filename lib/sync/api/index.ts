/**
 * `lib/sync/api`: ADC server mode's HTTP contract (`PUT /sync`, `PUT /validate`,
 * `GET /healthz/ready`) over the shared pipeline, for the `sync-api` Lambda handler and
 * `apisync dev`. See docs/sync-api.md.
 *
 * @example
 * ```ts
 * import { createSyncApi } from '../../lib/sync/api/index.js';
 * const api = createSyncApi({ registry, logger, metrics, resolveSecret });
 * const res = await api.handle(request);
 * ```
 */
export { checkBearer, safeEqualText } from './auth.js';
export type { BodyLimits } from './body.js';
export { DEFAULT_BODY_LIMITS, readJsonBody } from './body.js';
export type { RouteName } from './core.js';
export { createSyncApi } from './core.js';
export { errorToResponse } from './errors.js';
export { createKeyedQueue } from './queue.js';
export type { ApiIssue, TaskBody, TaskOpts } from './schema.js';
export { parseTaskBody, serverList } from './schema.js';
export { describeTarget, taskToRun } from './task.js';
export type { SyncApi, SyncApiOptions, SyncApiRequest, SyncApiResponse } from './types.js';
