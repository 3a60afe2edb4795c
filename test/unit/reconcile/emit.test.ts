import { describe, expect, it } from 'vitest';
import { createLogger, createMetrics } from '../../../lib/log/index.js';
import { emitTargetMetrics, logTargetReport } from '../../../lib/sync/reconcile-emit.js';
import type { TargetReport } from '../../../lib/sync/reconcile-types.js';

const route = {
  resourceType: 'route',
  type: 'delete',
  resourceId: 'r1',
  resourceName: 'r1',
} as const;

function report(overrides: Partial<TargetReport> = {}): TargetReport {
  return {
    target: 'prod',
    status: 'success',
    converged: true,
    dryRun: false,
    reason: 'schedule',
    source: { type: 'git', ref: 'main', sha: 'a'.repeat(40) },
    drift: { create: 2, update: 1, delete: 3, total: 6, byType: {} },
    writes: 3,
    failures: [],
    skipped: [],
    refused: { count: 0, resources: [] },
    durationMs: 12,
    requests: 20,
    ...overrides,
  };
}

function capture(): { lines: string[]; docs: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  return { lines, docs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('emitTargetMetrics', () => {
  it('writes the four metrics with a target dimension', () => {
    // Prepare
    const out = capture();
    const metrics = createMetrics({
      namespace: 'apisync',
      service: 'reconcile',
      sink: (l) => out.lines.push(l),
    });
    const refused = { count: 3, reason: 'too many', resources: [route, route, route] };

    // Act
    emitTargetMetrics(metrics, report({ refused, converged: false }));

    // Assess
    const [doc] = out.docs();
    expect(out.lines).toHaveLength(1);
    expect(doc).toMatchObject({
      target: 'prod',
      DriftDetected: 6,
      ResourcesWritten: 3,
      SyncFailed: 0,
      PruneRefused: 3,
      _aws: { CloudWatchMetrics: [{ Namespace: 'apisync', Dimensions: [['service', 'target']] }] },
    });
  });

  it.each([
    ['success', 0],
    ['partial_failure', 1],
    ['failed', 1],
  ] as const)('sets SyncFailed for a %s run to %i', (status, expected) => {
    const out = capture();
    const metrics = createMetrics({
      namespace: 'apisync',
      service: 'reconcile',
      sink: (l) => out.lines.push(l),
    });

    emitTargetMetrics(metrics, report({ status }));

    expect(out.docs()[0]).toHaveProperty('SyncFailed', expected);
  });

  it('writes one document per target, each with its own dimension', () => {
    const out = capture();
    const metrics = createMetrics({
      namespace: 'apisync',
      service: 'reconcile',
      sink: (l) => out.lines.push(l),
    });

    emitTargetMetrics(metrics, report({ target: 'a' }));
    emitTargetMetrics(metrics, report({ target: 'b' }));

    expect(out.docs().map((d) => d.target)).toEqual(['a', 'b']);
  });
});

describe('logTargetReport', () => {
  it.each([
    ['INFO', report()],
    ['WARN', report({ refused: { count: 1, reason: 'empty', resources: [route] } })],
    [
      'ERROR',
      report({ status: 'failed', error: { stage: 'source', message: 'x', retryable: true } }),
    ],
  ])('logs one %s line per target', (level, r) => {
    const out = capture();
    const logger = createLogger({
      service: 'reconcile',
      level: 'debug',
      sink: (l) => out.lines.push(l),
    });

    logTargetReport(logger, r);

    expect(out.docs()).toEqual([
      expect.objectContaining({ level, message: 'reconcile finished', target: 'prod' }),
    ]);
  });
});
