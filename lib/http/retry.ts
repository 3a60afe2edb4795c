/**
 * The retry policy as data, normalised once, and the pure decision function the client asks
 * after every failed attempt.
 *
 * Rules: idempotent methods only (GET, HEAD, PUT, DELETE — APISIX upserts are PUT-by-id);
 * 429 and 5xx with capped exponential backoff and full jitter, `Retry-After` honoured; a
 * connection reset on a *reused* keep-alive socket retried once, immediately (the request
 * never reached a live server); never another 4xx, never POST or PATCH.
 */
import type { HttpMethod } from './types.js';

interface RetryPolicy {
  /** Attempts in total, the first included (1 disables retries). */
  maxAttempts: number;
  /** Methods that may be retried; POST and PATCH are rejected by `normalizeRetryPolicy`. */
  methods: readonly HttpMethod[];
  /** Response statuses retried with backoff. */
  statuses: readonly number[];
  /** Error codes retried once when the socket was reused (stale keep-alive connection). */
  resetCodes: readonly string[];
  /** Error messages treated like `resetCodes` (Node's "socket hang up"). */
  resetMessages: readonly string[];
  /** Backoff: attempt n waits random() × min(maxDelayMs, baseDelayMs × 2^(n-1)). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on a server's `Retry-After`. */
  maxRetryAfterMs: number;
  /** Timeouts are not retried by default: the write may have applied and time is spent. */
  retryOnTimeout: boolean;
}

const NEVER_RETRIED: readonly HttpMethod[] = ['POST', 'PATCH'];

const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 3,
  methods: Object.freeze(['GET', 'HEAD', 'PUT', 'DELETE'] as HttpMethod[]),
  // 501 and 505 are answers, not transient failures; retrying them cannot help.
  statuses: Object.freeze([429, 500, 502, 503, 504]),
  resetCodes: Object.freeze(['ECONNRESET', 'EPIPE']),
  resetMessages: Object.freeze(['socket hang up']),
  baseDelayMs: 200,
  maxDelayMs: 2_000,
  maxRetryAfterMs: 10_000,
  retryOnTimeout: false,
});

function nonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`retry.${name} must be a non-negative number, got ${String(value)}`);
  }
}

/**
 * Merges a partial policy over the defaults, validates it and freezes the result.
 *
 * @example
 * ```ts
 * const policy = normalizeRetryPolicy({ maxAttempts: 2 });
 * normalizeRetryPolicy({ methods: ['POST'] }); // throws: POST is never retried
 * ```
 */
function normalizeRetryPolicy(partial: Partial<RetryPolicy> = {}): Readonly<RetryPolicy> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
  for (const [key, value] of Object.entries(partial)) {
    if (value !== undefined) {
      Object.assign(policy, { [key]: value });
    }
  }
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer >= 1, got ${policy.maxAttempts}`);
  }
  nonNegative('baseDelayMs', policy.baseDelayMs);
  nonNegative('maxDelayMs', policy.maxDelayMs);
  nonNegative('maxRetryAfterMs', policy.maxRetryAfterMs);
  const unsafe = policy.methods.filter((m) => NEVER_RETRIED.includes(m));
  if (unsafe.length > 0) {
    throw new RangeError(`retry.methods: ${unsafe.join(', ')} are never retried (not idempotent)`);
  }
  return Object.freeze({
    ...policy,
    methods: Object.freeze([...policy.methods]),
    statuses: Object.freeze([...policy.statuses]),
    resetCodes: Object.freeze([...policy.resetCodes]),
    resetMessages: Object.freeze([...policy.resetMessages]),
  });
}

/** What one attempt ended with, as far as retrying is concerned. */
type AttemptOutcome =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'network'; code?: string; message: string; reusedSocket: boolean }
  | { kind: 'timeout' };

interface RetryContext {
  method: HttpMethod;
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  /** Retries already spent on connection resets. */
  resetRetries: number;
  outcome: AttemptOutcome;
  /** Uniform [0, 1) for jitter. */
  random: () => number;
  /** Epoch ms, for HTTP-date `Retry-After`. */
  now: number;
}

type RetryDecision =
  | { retry: false; reason: string }
  | { retry: true; delayMs: number; reason: string };

/**
 * Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds from `now`.
 *
 * @example
 * ```ts
 * parseRetryAfter('2', Date.now()); // 2000
 * ```
 */
function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const raw = value?.trim();
  if (!raw) {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(raw)) {
    return Math.round(Number(raw) * 1000);
  }
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

function isReset(
  policy: RetryPolicy,
  outcome: Extract<AttemptOutcome, { kind: 'network' }>,
): boolean {
  const byCode = outcome.code !== undefined && policy.resetCodes.includes(outcome.code);
  return byCode || policy.resetMessages.includes(outcome.message);
}

/**
 * Decides whether to retry after a failed attempt, and after how long.
 *
 * @example
 * ```ts
 * decideRetry(DEFAULT_RETRY_POLICY, {
 *   method: 'PUT', attempt: 1, resetRetries: 0, now: Date.now(), random: Math.random,
 *   outcome: { kind: 'status', status: 503 },
 * }); // { retry: true, delayMs: 0…199, reason: 'status 503' }
 * ```
 */
function decideRetry(policy: RetryPolicy, ctx: RetryContext): RetryDecision {
  const { outcome } = ctx;
  if (!policy.methods.includes(ctx.method)) {
    return { retry: false, reason: `${ctx.method} is not retried` };
  }
  if (ctx.attempt >= policy.maxAttempts) {
    return { retry: false, reason: `gave up after ${ctx.attempt} attempts` };
  }
  if (outcome.kind === 'timeout') {
    return policy.retryOnTimeout
      ? { retry: true, delayMs: backoffMs(policy, ctx.attempt, ctx.random), reason: 'timeout' }
      : { retry: false, reason: 'timeouts are not retried' };
  }
  if (outcome.kind === 'network') {
    if (!outcome.reusedSocket || !isReset(policy, outcome) || ctx.resetRetries >= 1) {
      return { retry: false, reason: 'network error is not a stale keep-alive reset' };
    }
    return { retry: true, delayMs: 0, reason: 'reset on a reused socket' };
  }
  if (!policy.statuses.includes(outcome.status)) {
    return { retry: false, reason: `status ${outcome.status} is not retried` };
  }
  const retryAfter = parseRetryAfter(outcome.retryAfter, ctx.now);
  const delayMs =
    retryAfter === undefined
      ? backoffMs(policy, ctx.attempt, ctx.random)
      : Math.min(retryAfter, policy.maxRetryAfterMs);
  return { retry: true, delayMs, reason: `status ${outcome.status}` };
}

export type { AttemptOutcome, RetryContext, RetryDecision, RetryPolicy };
export { DEFAULT_RETRY_POLICY, decideRetry, normalizeRetryPolicy, parseRetryAfter };
