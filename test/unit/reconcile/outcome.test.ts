import { describe, expect, it } from 'vitest';
import { AdminApiError, ConfigError, NetworkError, TimeoutError } from '../../../lib/errors.js';
import { SecretError } from '../../../lib/secrets/index.js';
import { SourceError } from '../../../lib/source/index.js';
import {
  classify,
  type RunContext,
  reportFromError,
  reportFromSync,
  scrub,
  shouldRetry,
} from '../../../lib/sync/reconcile-outcome.js';
import type { TargetReport } from '../../../lib/sync/reconcile-types.js';
import type { Report } from '../../../lib/sync/types.js';

const URL_ = 'http://127.0.0.1:9180/apisix/admin/routes';
const SRC = 'https://git.example.com/acme/cfg.git';

const ctx: RunContext = {
  target: 'prod',
  reason: 'schedule',
  dryRun: false,
  source: { type: 'git', ref: 'main' },
  startedAt: 1_000,
  now: () => 1_250,
};

const route = {
  resourceType: 'route',
  type: 'delete',
  resourceId: 'r1',
  resourceName: 'r1',
} as const;

function syncReport(overrides: Partial<Report> = {}): Report {
  return {
    status: 'success',
    total_resources: 0,
    success_count: 0,
    failed_count: 0,
    success: [],
    failed: [],
    skipped: [],
    mode: 'sync',
    dry_run: false,
    plan: { create: 0, update: 0, delete: 0, byType: {} },
    refused: [],
    duration_ms: 40,
    requests: 9,
    ...overrides,
  };
}

describe('classify', () => {
  it.each([
    [
      'an unreachable source',
      new SourceError('refused', { kind: 'unreachable', url: SRC }),
      'source',
      true,
    ],
    [
      'a rate-limited source',
      new SourceError('wait', { kind: 'rate_limited', url: SRC }),
      'source',
      true,
    ],
    [
      'a source refusing the token',
      new SourceError('401', { kind: 'auth', url: SRC }),
      'source',
      false,
    ],
    ['a missing ref', new SourceError('no ref', { kind: 'not_found', url: SRC }), 'source', false],
    [
      'a lint error',
      new ConfigError('bad', [{ path: ['services', 0], message: 'x' }]),
      'lint',
      false,
    ],
    [
      'a refused connection',
      new NetworkError({ method: 'GET', url: URL_, code: 'ECONNREFUSED' }),
      'gateway',
      true,
    ],
    ['a timeout', new TimeoutError({ method: 'GET', url: URL_, timeoutMs: 10 }), 'gateway', true],
    ['a 503', new AdminApiError({ method: 'GET', url: URL_, status: 503 }), 'gateway', true],
    ['a 429', new AdminApiError({ method: 'GET', url: URL_, status: 429 }), 'gateway', true],
    ['a 403', new AdminApiError({ method: 'GET', url: URL_, status: 403 }), 'gateway', false],
    [
      'a key still rejected after refetch',
      new SecretError('k', 'auth_rejected', '401'),
      'gateway',
      false,
    ],
    ['a missing secret', new SecretError('k', 'not_found', 'gone'), 'secrets', false],
    ['Secrets Manager failing', new SecretError('k', 'fetch_failed', 'throttled'), 'secrets', true],
    ['a bug', new TypeError('x is undefined'), 'internal', false],
  ])('maps %s to stage and retryability', (_what, err, stage, retryable) => {
    expect(classify(err, [])).toMatchObject({ stage, retryable });
  });

  it('lists every lint issue with its path', () => {
    const err = new ConfigError('2 problems', [
      { path: ['services', 0, 'routes', 0, 'uris'], message: 'expected array', file: 'adc/a.yaml' },
      { path: ['services', 1, 'name'], message: 'required' },
    ]);

    expect(classify(err, []).issues).toEqual([
      { path: 'services.0.routes.0.uris', message: 'expected array', file: 'adc/a.yaml' },
      { path: 'services.1.name', message: 'required' },
    ]);
  });
});

describe('scrub', () => {
  it('masks resolved secret values and secret query parameters', () => {
    const text = 'GET http://a/x?api_key=abc failed with key edd1c9f034335f136f87ad84b625c8f1';

    const out = scrub(text, ['edd1c9f034335f136f87ad84b625c8f1']);

    expect(out).not.toContain('edd1c9f034335f136f87ad84b625c8f1');
    expect(out).not.toContain('api_key=abc');
  });
});

describe('reportFromError', () => {
  it('reports a failed run that wrote nothing, without the secret in the message', () => {
    const err = new SourceError('token s3cr3t-token-value rejected', { kind: 'auth', url: SRC });

    const report = reportFromError(err, ctx, ['s3cr3t-token-value']);

    expect(report).toMatchObject({ target: 'prod', status: 'failed', converged: false, writes: 0 });
    expect(report.error?.message).toMatch(/nothing was written$/);
    expect(JSON.stringify(report)).not.toContain('s3cr3t-token-value');
    expect(report.durationMs).toBe(250);
  });
});

describe('reportFromSync', () => {
  it('counts drift and writes and calls an applied run converged', () => {
    const plan = { create: 2, update: 1, delete: 0, byType: {} };
    const report = reportFromSync(syncReport({ plan, success_count: 3 }), ctx, []);

    expect(report).toMatchObject({ status: 'success', converged: true, writes: 3 });
    expect(report.drift).toMatchObject({ create: 2, update: 1, delete: 0, total: 3 });
  });

  it('does not call a dry run with drift converged', () => {
    const plan = { create: 1, update: 0, delete: 0, byType: {} };
    const report = reportFromSync(
      syncReport({ plan, dry_run: true, plan_lines: ['+ route r1'] }),
      { ...ctx, dryRun: true },
      [],
    );

    expect(report).toMatchObject({ status: 'success', converged: false, dryRun: true, writes: 0 });
    expect(report.plan).toEqual(['+ route r1']);
  });

  it('says why deletes were refused and that force cannot empty a gateway', () => {
    const reason =
      'the desired configuration is empty; refusing to delete 1 resource(s) (force to override)';
    const report = reportFromSync(syncReport({ refused: [{ event: route, reason }] }), ctx, []);

    expect(report.converged).toBe(false);
    expect(report.refused).toEqual({
      count: 1,
      reason: expect.stringMatching(
        /^the desired configuration is empty.*never prunes to an empty set/,
      ),
      resources: [route],
    });
    expect(report.refused.reason).not.toContain('(force to override)');
  });

  it.each([
    [0, 2, 'partial_failure'],
    [0, 0, 'failed'],
  ])('with %i skipped and %i successes after a failure reports %s', (skipped, ok, status) => {
    const failed = [{ event: route, reason: 'PUT … responded 400' }];
    const sync = syncReport({
      failed_count: 1,
      failed,
      success_count: ok,
      skipped: Array.from({ length: skipped }, () => ({
        event: route,
        reason: 'dependency failed',
      })),
    });

    expect(reportFromSync(sync, ctx, []).status).toBe(status);
  });
});

describe('shouldRetry', () => {
  const failed = (retryable: boolean): TargetReport =>
    reportFromError(
      new SourceError('x', { kind: retryable ? 'unreachable' : 'auth', url: SRC }),
      ctx,
      [],
    );
  const ok = reportFromSync(syncReport(), ctx, []);

  it.each([
    ['every target failed retryably', [failed(true), failed(true)], true],
    ['one target failed for good', [failed(true), failed(false)], false],
    ['one target succeeded', [failed(true), ok], false],
    ['there were no targets', [], false],
  ])('when %s, answers %s', (_what, reports, expected) => {
    expect(shouldRetry(reports)).toBe(expected);
  });
});
