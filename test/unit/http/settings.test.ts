import { describe, expect, it } from 'vitest';
import { addCounters, subtractCounters, zeroCounters } from '../../../lib/http/counters.js';
import { tlsFingerprint } from '../../../lib/http/fingerprint.js';
import { DEFAULT_AGENT_SETTINGS, resolveAgentSettings } from '../../../lib/http/settings.js';

describe('resolveAgentSettings', () => {
  it('uses the documented defaults', () => {
    expect(resolveAgentSettings({}, {})).toEqual({
      freeSocketTimeoutMs: 50_000,
      socketActiveTtlMs: 600_000,
      maxSockets: 32,
      maxFreeSockets: 16,
      timeoutMs: 60_000,
      maxTlsProfiles: 16,
    });
  });

  it('reads APISYNC_FREE_SOCKET_TIMEOUT_MS from the given env', () => {
    expect(
      resolveAgentSettings({}, { APISYNC_FREE_SOCKET_TIMEOUT_MS: '30000' }).freeSocketTimeoutMs,
    ).toBe(30_000);
  });

  it('lets explicit options win over the env', () => {
    const env = { APISYNC_FREE_SOCKET_TIMEOUT_MS: '30000' };
    expect(resolveAgentSettings({ freeSocketTimeoutMs: 5000 }, env).freeSocketTimeoutMs).toBe(5000);
  });

  it.each([['abc'], ['50s'], ['-1'], ['1.5']])(
    'rejects env value %s instead of running with NaN',
    (value) => {
      expect(() => resolveAgentSettings({}, { APISYNC_FREE_SOCKET_TIMEOUT_MS: value })).toThrow(
        /APISYNC_FREE_SOCKET_TIMEOUT_MS/,
      );
    },
  );

  it.each([
    ['maxSockets', 0],
    ['timeoutMs', -5],
    ['maxTlsProfiles', 1.5],
  ])('rejects %s = %s', (key, value) => {
    expect(() => resolveAgentSettings({ [key]: value }, {})).toThrow(key);
  });

  it('keeps the free-socket timeout below APISIX’s 60 s admin keepalive', () => {
    expect(DEFAULT_AGENT_SETTINGS.freeSocketTimeoutMs).toBeLessThan(60_000);
  });
});

describe('tlsFingerprint', () => {
  it('is a SHA-256 hex digest', () => {
    expect(tlsFingerprint({ ca: 'x' })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats rejectUnauthorized undefined and true as the same profile', () => {
    expect(tlsFingerprint({ ca: 'c' })).toBe(tlsFingerprint({ ca: 'c', rejectUnauthorized: true }));
  });

  it.each([
    ['ca', { ca: 'a' }, { ca: 'b' }],
    ['cert', { cert: 'a' }, { cert: 'b' }],
    ['key', { key: 'a' }, { key: 'b' }],
    ['rejectUnauthorized', {}, { rejectUnauthorized: false }],
    ['servername', {}, { servername: 'admin.internal' }],
    ['field boundaries', { ca: 'ab', cert: 'c' }, { ca: 'a', cert: 'bc' }],
  ])('separates profiles that differ in %s', (_case, a, b) => {
    expect(tlsFingerprint(a)).not.toBe(tlsFingerprint(b));
  });
});

describe('pool counters', () => {
  it('adds and subtracts field by field', () => {
    const a = { ...zeroCounters(), socketsCreated: 2, requests: 5 };
    const b = { ...zeroCounters(), socketsCreated: 1, requests: 3, reusedRequests: 2 };
    expect(addCounters(a, b)).toMatchObject({ socketsCreated: 3, requests: 8, reusedRequests: 2 });
    expect(subtractCounters(a, b)).toMatchObject({
      socketsCreated: 1,
      requests: 2,
      reusedRequests: -2,
    });
  });
});
