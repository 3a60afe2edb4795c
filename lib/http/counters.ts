/**
 * Pool counters: plain numbers that add up across agents and subtract into per-invocation
 * deltas. Only counts — never pool keys, which for HTTPS agents embed PEM text.
 */

interface PoolCounters {
  /** TCP/TLS sockets the agents opened. */
  socketsCreated: number;
  /** Sockets that closed (by either side, timeout or eviction). */
  socketsClosed: number;
  /** Socket `error` events plus failed connection attempts. */
  socketErrors: number;
  /** Socket inactivity timeouts, idle free-socket expiries included. */
  timeouts: number;
  /** Requests that finished on an agent socket. */
  requests: number;
  /** Requests sent on a socket taken from the free pool (keep-alive reuse). */
  reusedRequests: number;
}

const COUNTER_KEYS = [
  'socketsCreated',
  'socketsClosed',
  'socketErrors',
  'timeouts',
  'requests',
  'reusedRequests',
] as const satisfies readonly (keyof PoolCounters)[];

/**
 * All-zero counters.
 *
 * @example
 * ```ts
 * const total = zeroCounters();
 * ```
 */
function zeroCounters(): PoolCounters {
  return {
    socketsCreated: 0,
    socketsClosed: 0,
    socketErrors: 0,
    timeouts: 0,
    requests: 0,
    reusedRequests: 0,
  };
}

/**
 * `a + b`, field by field.
 *
 * @example
 * ```ts
 * addCounters(zeroCounters(), { ...zeroCounters(), requests: 2 }).requests; // 2
 * ```
 */
function addCounters(a: PoolCounters, b: PoolCounters): PoolCounters {
  const out = zeroCounters();
  for (const key of COUNTER_KEYS) {
    out[key] = a[key] + b[key];
  }
  return out;
}

/**
 * `later - earlier`, field by field (a per-invocation delta).
 *
 * @example
 * ```ts
 * subtractCounters(after, before).socketsCreated;
 * ```
 */
function subtractCounters(later: PoolCounters, earlier: PoolCounters): PoolCounters {
  const out = zeroCounters();
  for (const key of COUNTER_KEYS) {
    out[key] = later[key] - earlier[key];
  }
  return out;
}

export type { PoolCounters };
export { addCounters, COUNTER_KEYS, subtractCounters, zeroCounters };
