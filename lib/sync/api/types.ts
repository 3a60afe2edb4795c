/**
 * The sync API's transport-neutral request and response, and what `createSyncApi` needs. The
 * Lambda handler adapts events to `SyncApiRequest` (lib/lambda); `apisync dev` adapts Node's
 * `IncomingMessage`. Both send `SyncApiResponse.body` as JSON (a string body as text).
 *
 * @example
 * ```ts
 * const res: SyncApiResponse = await api.handle({ method: 'PUT', path: '/sync', headers, rawBody, requestId });
 * ```
 */
import type { AgentRegistry } from '../../http/registry.js';
import type { Metrics } from '../../log/metrics.js';
import type { Logger } from '../../log/types.js';
import type { BodyLimits } from './body.js';

interface SyncApiRequest {
  method: string;
  /** Path without any stage prefix: `/sync`, `/validate`, `/healthz/ready`. */
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Body bytes as received (base64 already decoded; gzip not yet). */
  rawBody: Buffer;
  requestId: string;
}

interface SyncApiResponse {
  status: number;
  headers: Record<string, string>;
  /** Serialised as JSON, except a string, which is sent as `text/plain`. */
  body: unknown;
}

interface SyncApiOptions {
  /** The caller's long-lived agent registry (a handler's module scope; the dev server's process). */
  registry: AgentRegistry;
  logger: Logger;
  metrics?: Metrics;
  /**
   * Read on every request (cheap), so a test or `apisync dev` can pass its own:
   * `APISYNC_SYNC_API_TOKEN` (a secret reference), `APISYNC_SYNC_API_ALLOW_EMPTY_PRUNE`.
   */
  env?: Record<string, string | undefined>;
  /** Resolves `APISYNC_SYNC_API_TOKEN`; `lib/secrets`' shared resolver in production. */
  resolveSecret?: (ref: string) => Promise<string>;
  limits?: Partial<BodyLimits>;
  now?: () => number;
}

interface SyncApi {
  handle(req: SyncApiRequest): Promise<SyncApiResponse>;
}

export type { SyncApi, SyncApiOptions, SyncApiRequest, SyncApiResponse };
