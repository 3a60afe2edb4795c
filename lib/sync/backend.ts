/**
 * Builds the per-invocation clients and backend for a target from the caller's agent
 * registry: the registry (module scope) owns the sockets; everything here is cheap and
 * thrown away after the run.
 *
 * @example
 * ```ts
 * const { backend, requests } = connect(target, registry);
 * await backend.dump();
 * console.log(requests());
 * ```
 */
import { createApisixBackend } from '../apisix/index.js';
import type { Backend } from '../apisix/types.js';
import { createStandaloneBackend } from '../apisix-standalone/index.js';
import { createHttpClient, type PooledHttpClient } from '../http/client.js';
import type { AgentRegistry } from '../http/registry.js';
import type { SyncTarget } from './types.js';

const DEFAULT_TIMEOUT_MS = 10_000;

function tokensFor(target: SyncTarget): string[] {
  const tokens = target.token.split(',').map((t) => t.trim());
  if (target.backend !== 'apisix-standalone' || tokens.length === 1) {
    return target.servers.map(() =>
      target.backend === 'apisix-standalone' ? tokens[0]! : target.token,
    );
  }
  if (tokens.length !== target.servers.length) {
    throw new Error(
      `${tokens.length} tokens for ${target.servers.length} servers: give one token, or one per server`,
    );
  }
  return tokens;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** One client per server, the backend over them, and a request counter for the report. */
function connect(
  target: SyncTarget,
  registry: AgentRegistry,
): { backend: Backend; requests: () => number } {
  if (target.servers.length === 0) throw new Error('no Admin API server given');
  const tokens = tokensFor(target);
  const agents = registry.agentsFor(target.tls);
  const clients: PooledHttpClient[] = target.servers.map((server, i) =>
    createHttpClient({
      baseUrl: trimSlash(server),
      agents,
      timeoutMs: target.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: { 'X-API-KEY': tokens[i]! },
    }),
  );
  const requests = () => clients.reduce((n, c) => n + c.stats().requests, 0);
  const backend =
    target.backend === 'apisix-standalone'
      ? createStandaloneBackend({
          clients,
          cacheKey: target.cacheKey,
          bypassCache: target.bypassCache,
        })
      : createApisixBackend({ client: clients[0]!, concurrency: target.concurrency });
  return { backend, requests };
}

export { connect };
