import { describe, expect, it } from 'vitest';
import {
  type AttemptOutcome,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  normalizeRetryPolicy,
  parseRetryAfter,
} from '../../../lib/http/retry.js';
import type { HttpMethod } from '../../../lib/http/types.js';

const NOW = Date.parse('2026-11-25T00:00:00Z');
const reset: AttemptOutcome = {
  kind: 'network',
  code: 'ECONNRESET',
  message: 'socket hang up',
  reusedSocket: true,
};

function decide(method: HttpMethod, outcome: AttemptOutcome, attempt = 1, resetRetries = 0) {
  return decideRetry(DEFAULT_RETRY_POLICY, {
    method,
    outcome,
    attempt,
    resetRetries,
    random: () => 0.5,
    now: NOW,
  });
}

describe('decideRetry', () => {
  it.each([
    ['GET', 503, true],
    ['HEAD', 502, true],
    ['PUT', 500, true],
    ['DELETE', 504, true],
    ['PUT', 429, true],
    ['POST', 503, false],
    ['PATCH', 503, false],
    ['PUT', 501, false],
    ['PUT', 400, false],
    ['GET', 404, false],
    ['DELETE', 409, false],
  ] as const)('%s answered %i: retry %s', (method, status, expected) => {
    expect(decide(method, { kind: 'status', status }).retry).toBe(expected);
  });

  it.each([
    ['PUT on a reused socket', 'PUT', reset, true],
    [
      'GET with EPIPE on a reused socket',
      'GET',
      { ...reset, code: 'EPIPE', message: 'write EPIPE' },
      true,
    ],
    ['PUT on a fresh socket', 'PUT', { ...reset, reusedSocket: false }, false],
    ['POST on a reused socket', 'POST', reset, false],
    ['PATCH on a reused socket', 'PATCH', reset, false],
    [
      'GET refused',
      'GET',
      { kind: 'network', code: 'ECONNREFUSED', message: 'x', reusedSocket: false },
      false,
    ],
    ['GET timed out', 'GET', { kind: 'timeout' }, false],
  ] as const)('%s: retry %s', (_case, method, outcome, expected) => {
    expect(decide(method, outcome).retry).toBe(expected);
  });

  it('retries a reset immediately, once', () => {
    expect(decide('PUT', reset, 1, 0)).toMatchObject({ retry: true, delayMs: 0 });
    expect(decide('PUT', reset, 2, 1).retry).toBe(false);
  });

  it('backs off exponentially with full jitter', () => {
    // random() = 0.5: half of 200 ms, then half of 400 ms.
    expect(decide('GET', { kind: 'status', status: 503 }, 1)).toMatchObject({ delayMs: 100 });
    expect(decide('GET', { kind: 'status', status: 503 }, 2)).toMatchObject({ delayMs: 200 });
  });

  it('stops at maxAttempts', () => {
    expect(decide('GET', { kind: 'status', status: 503 }, 3).retry).toBe(false);
  });

  it.each([
    ['delta seconds', '3', 3000],
    ['an HTTP date', new Date(NOW + 4000).toUTCString(), 4000],
    ['a value above the cap', '3600', DEFAULT_RETRY_POLICY.maxRetryAfterMs],
  ])('honours Retry-After given as %s', (_case, retryAfter, expected) => {
    expect(decide('PUT', { kind: 'status', status: 429, retryAfter })).toMatchObject({
      retry: true,
      delayMs: expected,
    });
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['2', 2000],
    ['0.5', 500],
    [new Date(NOW - 10_000).toUTCString(), 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('parses %s as %s ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('normalizeRetryPolicy', () => {
  it('fills defaults and freezes the result', () => {
    const policy = normalizeRetryPolicy({ maxAttempts: 2 });
    expect(policy).toMatchObject({ maxAttempts: 2, baseDelayMs: DEFAULT_RETRY_POLICY.baseDelayMs });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.methods)).toBe(true);
  });

  it.each([
    ['POST in methods', { methods: ['GET', 'POST'] as HttpMethod[] }, /POST are never retried/],
    ['PATCH in methods', { methods: ['PATCH'] as HttpMethod[] }, /PATCH are never retried/],
    ['zero attempts', { maxAttempts: 0 }, /maxAttempts/],
    ['a negative delay', { baseDelayMs: -1 }, /baseDelayMs/],
  ])('rejects %s', (_case, partial, message) => {
    expect(() => normalizeRetryPolicy(partial)).toThrow(message);
  });
});
