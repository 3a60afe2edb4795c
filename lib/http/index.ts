/**
 * Public surface of `lib/http`: the module-scope agent registry, the client factory that
 * receives its agents, and the retry policy.
 *
 * @example
 * ```ts
 * import { createAgentRegistry, createHttpClient } from '../http/index.js';
 * const registry = createAgentRegistry();
 * const client = createHttpClient({ baseUrl, agents: registry.agentsFor(), timeoutMs: 10_000 });
 * ```
 */
export type { AttemptEvent, ClientStats, HttpClientOptions, PooledHttpClient } from './client.js';
export { createHttpClient } from './client.js';
export type { PoolCounters } from './counters.js';
export { addCounters, subtractCounters, zeroCounters } from './counters.js';
export { tlsFingerprint } from './fingerprint.js';
export type { AgentRegistry, AgentRegistryOptions } from './registry.js';
export { createAgentRegistry } from './registry.js';
export type { AttemptOutcome, RetryDecision, RetryPolicy } from './retry.js';
export {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  normalizeRetryPolicy,
  parseRetryAfter,
} from './retry.js';
export type { AgentSettings } from './settings.js';
export {
  DEFAULT_AGENT_SETTINGS,
  FREE_SOCKET_TIMEOUT_ENV,
  resolveAgentSettings,
} from './settings.js';
export type {
  Agents,
  HttpClient,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  TlsProfile,
} from './types.js';
