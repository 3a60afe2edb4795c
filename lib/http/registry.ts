/**
 * The agent registry a handler keeps in module scope: one HTTP agent, and one HTTPS agent per
 * TLS profile in a bounded LRU. It outlives invocations, so a warm Lambda reuses its sockets;
 * every per-invocation object (clients, backends) is built from the agents it hands out.
 */
import {
  type CountingAgent,
  type CountingHttpsAgent,
  createHttpAgent,
  createHttpsAgent,
  drainAgent,
  openSockets,
  readAgentCounters,
} from './agents.js';
import { addCounters, type PoolCounters, subtractCounters, zeroCounters } from './counters.js';
import { tlsFingerprint } from './fingerprint.js';
import { type AgentSettings, resolveAgentSettings } from './settings.js';
import type { Agents, TlsProfile } from './types.js';

interface AgentRegistryOptions extends Partial<AgentSettings> {
  /** Environment for `APISYNC_FREE_SOCKET_TIMEOUT_MS` (default `process.env`, read once here). */
  env?: Record<string, string | undefined>;
}

interface AgentRegistry {
  /** The settings every agent of this registry was built with. */
  readonly settings: Readonly<AgentSettings>;
  /** The shared HTTP agent and the HTTPS agent of `tls` (the default profile when omitted). */
  agentsFor(tls?: TlsProfile): Agents;
  /** Running totals since the registry was created, evicted agents included. */
  counters(): PoolCounters;
  /** Marks the start of an invocation for `delta()`; returns the totals at that point. */
  checkpoint(): PoolCounters;
  /** Counters since the last `checkpoint()` (or creation). */
  delta(): PoolCounters;
  /** Fingerprints (SHA-256 hex) of the cached TLS profiles, least recently used first. */
  profiles(): string[];
  /** Sockets currently held (active plus idle) across all agents. */
  openSockets(): number;
  /** Destroys every agent and socket. The registry stays usable: agents are rebuilt on demand. */
  destroy(): void;
}

interface RegistryState {
  settings: AgentSettings;
  http: CountingAgent | undefined;
  https: Map<string, CountingHttpsAgent>;
  /** Destroyed agents whose sockets may still be closing: still counted. */
  retired: Set<CountingAgent>;
  /** Totals of retired agents whose sockets are all gone. */
  folded: PoolCounters;
  mark: PoolCounters;
}

/** Keeps counting a destroyed or draining agent until its sockets are gone. */
function retire(state: RegistryState, agent: CountingAgent, how: 'destroy' | 'drain'): void {
  if (how === 'destroy') agent.destroy();
  else drainAgent(agent);
  state.retired.add(agent);
}

/** Folds retired agents with no sockets left into `folded` so the set stays small. */
function foldRetired(state: RegistryState): void {
  for (const agent of state.retired) {
    if (openSockets(agent) === 0) {
      const counters = readAgentCounters(agent);
      if (counters.socketsClosed >= counters.socketsCreated) {
        state.folded = addCounters(state.folded, counters);
        state.retired.delete(agent);
      }
    }
  }
}

function totals(state: RegistryState): PoolCounters {
  foldRetired(state);
  let sum = state.folded;
  const agents = [state.http, ...state.https.values(), ...state.retired];
  for (const agent of agents) {
    if (agent) {
      sum = addCounters(sum, readAgentCounters(agent));
    }
  }
  return sum;
}

function httpsAgentFor(state: RegistryState, tls: TlsProfile): CountingHttpsAgent {
  const id = tlsFingerprint(tls);
  const cached = state.https.get(id);
  if (cached) {
    // Map iteration order is insertion order: re-inserting marks it most recently used.
    state.https.delete(id);
    state.https.set(id, cached);
    return cached;
  }
  const agent = createHttpsAgent(state.settings, tls);
  state.https.set(id, agent);
  while (state.https.size > state.settings.maxTlsProfiles) {
    const oldest = state.https.entries().next();
    if (oldest.done) {
      break;
    }
    state.https.delete(oldest.value[0]);
    // Another client of this invocation may still be mid-request on the evicted profile.
    retire(state, oldest.value[1], 'drain');
  }
  return agent;
}

/**
 * Creates an agent registry. Keep one per handler module, in module scope, created lazily on
 * the first invocation (it reads `APISYNC_FREE_SOCKET_TIMEOUT_MS` when created).
 *
 * @example
 * ```ts
 * let pool: AgentRegistry | undefined;
 * export const handler = async () => {
 *   pool ??= createAgentRegistry();
 *   pool.checkpoint();
 *   const client = createHttpClient({ baseUrl, agents: pool.agentsFor(target.tls), timeoutMs: 10_000 });
 *   // … use client …
 *   logger.info('pool', { ...pool.delta() });
 * };
 * ```
 */
function createAgentRegistry(options: AgentRegistryOptions = {}): AgentRegistry {
  const { env, ...overrides } = options;
  const state: RegistryState = {
    settings: resolveAgentSettings(overrides, env ?? process.env),
    http: undefined,
    https: new Map(),
    retired: new Set(),
    folded: zeroCounters(),
    mark: zeroCounters(),
  };
  return {
    settings: Object.freeze({ ...state.settings }),
    agentsFor(tls = {}) {
      state.http ??= createHttpAgent(state.settings);
      return { httpAgent: state.http, httpsAgent: httpsAgentFor(state, tls) };
    },
    counters: () => totals(state),
    checkpoint() {
      state.mark = totals(state);
      return state.mark;
    },
    delta: () => subtractCounters(totals(state), state.mark),
    profiles: () => [...state.https.keys()],
    openSockets() {
      const agents = [state.http, ...state.https.values(), ...state.retired];
      return agents.reduce((n, agent) => n + (agent ? openSockets(agent) : 0), 0);
    },
    destroy() {
      // Draining (evicted) agents included: destroy means no socket survives.
      for (const agent of [state.http, ...state.https.values(), ...state.retired]) {
        if (agent) {
          retire(state, agent, 'destroy');
        }
      }
      state.http = undefined;
      state.https.clear();
    },
  };
}

export type { AgentRegistry, AgentRegistryOptions };
export { createAgentRegistry };
