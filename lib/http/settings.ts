/**
 * Agent settings and their defaults. The only environment read happens in
 * `resolveAgentSettings`, called when a registry is created (never at import).
 */

interface AgentSettings {
  /** Idle time before a free socket is closed; below APISIX's 60 s `keepalive_timeout`. */
  freeSocketTimeoutMs: number;
  /** Maximum socket lifetime; rotates long-lived sockets (nginx closes after 1 h anyway). */
  socketActiveTtlMs: number;
  /** Sockets per pool key (host:port + TLS profile), so a wide dump cannot open hundreds. */
  maxSockets: number;
  maxFreeSockets: number;
  /** Inactivity timeout of an active socket. */
  timeoutMs: number;
  /** HTTPS profiles kept; the least recently used one is destroyed beyond this. */
  maxTlsProfiles: number;
}

const DEFAULT_AGENT_SETTINGS: Readonly<AgentSettings> = Object.freeze({
  // 50 s: ten seconds under APISIX/nginx's 60 s admin keepalive (ADC PR #407 settled on the same).
  freeSocketTimeoutMs: 50_000,
  socketActiveTtlMs: 10 * 60_000,
  maxSockets: 32,
  maxFreeSockets: 16,
  timeoutMs: 60_000,
  maxTlsProfiles: 16,
});

const FREE_SOCKET_TIMEOUT_ENV = 'APISYNC_FREE_SOCKET_TIMEOUT_MS';

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function freeSocketTimeoutFromEnv(env: Record<string, string | undefined>): number | undefined {
  const raw = env[FREE_SOCKET_TIMEOUT_ENV]?.trim();
  if (!raw) {
    return undefined;
  }
  // Strict: ADC once parsed this with parseInt and shipped NaN (ADC #407 → #409).
  if (!/^\d+$/.test(raw)) {
    throw new RangeError(
      `${FREE_SOCKET_TIMEOUT_ENV} must be a whole number of milliseconds, got "${raw}"`,
    );
  }
  return Number(raw);
}

/**
 * Merges explicit options over the environment over the defaults, and validates the result.
 *
 * @example
 * ```ts
 * resolveAgentSettings({ maxSockets: 8 }, { APISYNC_FREE_SOCKET_TIMEOUT_MS: '30000' });
 * // { freeSocketTimeoutMs: 30000, maxSockets: 8, … }
 * ```
 */
function resolveAgentSettings(
  options: Partial<AgentSettings> = {},
  env: Record<string, string | undefined> = process.env,
): AgentSettings {
  const merged: AgentSettings = {
    ...DEFAULT_AGENT_SETTINGS,
    freeSocketTimeoutMs:
      freeSocketTimeoutFromEnv(env) ?? DEFAULT_AGENT_SETTINGS.freeSocketTimeoutMs,
  };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && key in merged) {
      merged[key as keyof AgentSettings] = positiveInt(key, value);
    }
  }
  return merged;
}

export type { AgentSettings };
export { DEFAULT_AGENT_SETTINGS, FREE_SOCKET_TIMEOUT_ENV, resolveAgentSettings };
