/**
 * agentkeepalive agents that also count requests sent on reused sockets, and a reader that
 * turns an agent's status into counters without touching its pool keys.
 */
import type { ClientRequest } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpAgent, HttpsAgent } from 'agentkeepalive';
import type { PoolCounters } from './counters.js';
import type { AgentSettings } from './settings.js';

/**
 * An HTTP keep-alive agent that counts requests served from its free pool.
 *
 * @example
 * ```ts
 * const agent = createHttpAgent(resolveAgentSettings());
 * agent.reusedRequestCount; // requests that went out on a pooled socket
 * ```
 */
class CountingHttpAgent extends HttpAgent {
  reusedRequestCount = 0;
  override reuseSocket(socket: Duplex, request: ClientRequest): void {
    super.reuseSocket(socket, request);
    this.reusedRequestCount++;
  }
}

/**
 * An HTTPS keep-alive agent (one TLS profile) that counts requests served from its free pool.
 *
 * @example
 * ```ts
 * const agent = createHttpsAgent(resolveAgentSettings(), { ca: caPem });
 * agent instanceof CountingHttpsAgent; // true
 * ```
 */
class CountingHttpsAgent extends HttpsAgent {
  reusedRequestCount = 0;
  override reuseSocket(socket: Duplex, request: ClientRequest): void {
    super.reuseSocket(socket, request);
    this.reusedRequestCount++;
  }
}

type CountingAgent = CountingHttpAgent | CountingHttpsAgent;

function commonOptions(settings: AgentSettings) {
  return {
    keepAlive: true,
    freeSocketTimeout: settings.freeSocketTimeoutMs,
    socketActiveTTL: settings.socketActiveTtlMs,
    maxSockets: settings.maxSockets,
    maxFreeSockets: settings.maxFreeSockets,
    timeout: settings.timeoutMs,
    // LIFO reuses the most recently used socket: the one least likely to have been closed.
    scheduling: 'lifo' as const,
  };
}

/**
 * A counting HTTP agent with the registry's settings.
 *
 * @example
 * ```ts
 * const agent = createHttpAgent(resolveAgentSettings());
 * ```
 */
function createHttpAgent(settings: AgentSettings): CountingHttpAgent {
  return new CountingHttpAgent(commonOptions(settings));
}

/**
 * A counting HTTPS agent for one TLS profile. Empty PEM fields are left out so Node's
 * defaults (the system CA store, no client certificate) apply.
 *
 * @example
 * ```ts
 * const agent = createHttpsAgent(resolveAgentSettings(), { ca: caPem, servername: 'admin.internal' });
 * ```
 */
function createHttpsAgent(
  settings: AgentSettings,
  tls: {
    ca?: string;
    cert?: string;
    key?: string;
    rejectUnauthorized?: boolean;
    servername?: string;
  },
): CountingHttpsAgent {
  return new CountingHttpsAgent({
    ...commonOptions(settings),
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(tls.cert ? { cert: tls.cert } : {}),
    ...(tls.key ? { key: tls.key } : {}),
    ...(tls.servername ? { servername: tls.servername } : {}),
    rejectUnauthorized: tls.rejectUnauthorized !== false,
  });
}

function isIdle(agent: CountingAgent, socket: Duplex): boolean {
  return Object.values(agent.freeSockets).some((list) => list?.includes(socket as never));
}

/**
 * Retires an agent without cutting requests in flight (an evicted TLS profile may still be
 * serving one): idle sockets close now, busy ones as soon as they turn idle. `destroy()`, by
 * contrast, kills active sockets too.
 *
 * @example
 * ```ts
 * drainAgent(evicted); // openSockets(evicted) reaches 0 once its last response has ended
 * ```
 */
function drainAgent(agent: CountingAgent): void {
  // Runs after Node's own 'free' handler, which pools the socket or hands it to a queued request.
  agent.on('free', (socket: Duplex) => {
    if (isIdle(agent, socket)) socket.destroy();
  });
  for (const list of Object.values(agent.freeSockets)) {
    for (const socket of [...(list ?? [])]) socket.destroy();
  }
}

/**
 * Counters of one agent. Reads only the numeric fields of `getCurrentStatus()`: its maps are
 * keyed by pool names that, for HTTPS, contain the CA, certificate and private key PEM.
 *
 * @example
 * ```ts
 * readAgentCounters(agent).socketsCreated;
 * ```
 */
function readAgentCounters(agent: CountingAgent): PoolCounters {
  const status = agent.getCurrentStatus();
  return {
    socketsCreated: status.createSocketCount,
    socketsClosed: status.closeSocketCount,
    socketErrors: status.errorSocketCount + status.createSocketErrorCount,
    timeouts: status.timeoutSocketCount,
    requests: status.requestCount,
    reusedRequests: agent.reusedRequestCount,
  };
}

/**
 * Sockets an agent still holds (active plus free), counted without reading pool keys.
 *
 * @example
 * ```ts
 * openSockets(agent); // 0 after destroy() once every socket has closed
 * ```
 */
function openSockets(agent: CountingAgent): number {
  let count = 0;
  for (const list of [...Object.values(agent.sockets), ...Object.values(agent.freeSockets)]) {
    count += list?.length ?? 0;
  }
  return count;
}

export type { CountingAgent };
export {
  CountingHttpAgent,
  CountingHttpsAgent,
  createHttpAgent,
  createHttpsAgent,
  drainAgent,
  openSockets,
  readAgentCounters,
};
