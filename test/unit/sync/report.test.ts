import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../../lib/apisix/types.js';
import type { DiffEvent } from '../../../lib/differ/types.js';
import { buildReport, planCounts } from '../../../lib/sync/report.js';

const event = (
  type: DiffEvent['type'],
  resourceType: DiffEvent['resourceType'],
  id: string,
): DiffEvent => ({
  type,
  resourceType,
  resourceId: id,
  resourceName: id,
  newValue: { secret: 'x' },
});
const e1 = event('create', 'service', 's');
const e2 = event('create', 'route', 'r');
const e3 = event('delete', 'consumer', 'c');

function report(results: ApplyResult[], extra: Partial<Parameters<typeof buildReport>[0]> = {}) {
  return buildReport({
    mode: 'sync',
    events: [e1, e2, e3],
    results,
    refused: [],
    startedAt: 1000,
    now: () => 1250,
    requests: 7,
    ...extra,
  });
}

describe('buildReport', () => {
  it.each([
    ['success', ['success', 'success', 'success']],
    ['partial_failure', ['success', 'failed', 'success']],
    ['partial_failure', ['failed', 'skipped', 'success']],
    ['all_failed', ['failed', 'skipped', 'failed']],
  ] as const)('is %s for results %j', (status, statuses) => {
    const results = [e1, e2, e3].map(
      (event, i): ApplyResult => ({ event, status: statuses[i]!, reason: 'why' }),
    );
    expect(report(results).status).toBe(status);
  });

  it('keeps ADC fields, strips values from events and lists skipped entries with the reason', () => {
    // Act
    const r = report([
      {
        event: e1,
        status: 'failed',
        reason: 'PUT … responded 400: bad',
        server: 'http://gw',
        response: { status: 400, headers: {} },
      },
      { event: e2, status: 'skipped', reason: 'skipped: depends on service "s"' },
      { event: e3, status: 'success', server: 'http://gw', at: '2026-01-01T00:00:00.000Z' },
    ]);

    // Assess
    expect(r).toMatchObject({
      total_resources: 3,
      success_count: 1,
      failed_count: 1,
      duration_ms: 250,
      requests: 7,
    });
    expect(r.failed[0]).toMatchObject({
      reason: 'PUT … responded 400: bad',
      response: { status: 400 },
    });
    expect(r.skipped).toEqual([
      {
        event: { resourceType: 'route', type: 'create', resourceId: 'r', resourceName: 'r' },
        reason: 'skipped: depends on service "s"',
      },
    ]);
    expect(r.success[0]).toEqual({
      server: 'http://gw',
      event: { resourceType: 'consumer', type: 'delete', resourceId: 'c', resourceName: 'c' },
      synced_at: '2026-01-01T00:00:00.000Z',
    });
    expect(JSON.stringify(r)).not.toContain('secret');
  });

  it('fails an empty plan whose standalone endpoint could not be brought level', () => {
    const r = report([], {
      events: [],
      endpointStatus: [
        { server: 'a', success: true },
        { server: 'b', success: false, reason: 'down' },
      ],
    });
    expect(r.status).toBe('partial_failure');
  });
});

describe('buildReport redaction', () => {
  const SECRET = 'S3CRET';
  const url = `http://admin:${SECRET}@127.0.0.1:9180`;

  it('carries no URL password in success[], failed[] or endpoint_status[]', () => {
    // Act
    const r = report(
      [
        {
          event: e1,
          status: 'failed',
          reason: 'bad',
          server: url,
          request: { method: 'PUT', url: `${url}/apisix/admin/services/s`, headers: {} },
        },
        { event: e3, status: 'success', server: url },
      ],
      {
        endpointStatus: [
          {
            server: url,
            success: false,
            request: { method: 'PUT', url: `${url}/apisix/admin/configs`, headers: {} },
          },
        ],
      },
    );

    // Assess
    const text = JSON.stringify(r);
    expect(text).not.toContain(SECRET);
    expect(r.success[0]?.server).toBe('http://admin:[REDACTED]@127.0.0.1:9180');
    expect(r.failed[0]?.request?.url).toBe(
      'http://admin:[REDACTED]@127.0.0.1:9180/apisix/admin/services/s',
    );
    expect(r.endpoint_status?.[0]?.request?.url).toContain('[REDACTED]@127.0.0.1:9180');
  });

  it('masks and bounds an endpoint answer like a failed write answer', () => {
    // Prepare
    const data = { error_msg: 'x'.repeat(10_000), req_body: { key: 'auth-key-1' } };

    // Act
    const r = report([], {
      events: [],
      endpointStatus: [
        { server: 'http://a', success: false, response: { status: 400, headers: {}, data } },
      ],
    });

    // Assess
    const shown = r.endpoint_status?.[0]?.response?.data;
    expect(JSON.stringify(shown)).not.toContain('auth-key-1');
    expect(typeof shown === 'string' && shown.length).toBeLessThanOrEqual(4097);
  });
});

describe('buildReport for a standalone document some servers rejected', () => {
  it('counts each event once in total_resources though it is both applied and failed', () => {
    // Act
    const r = report(
      [
        { event: e1, status: 'success', server: 'http://a' },
        { event: e1, status: 'failed', server: 'http://b', reason: 'http://b: rejected' },
      ],
      { events: [e1] },
    );

    // Assess
    expect(r).toMatchObject({
      status: 'partial_failure',
      total_resources: 1,
      success_count: 1,
      failed_count: 1,
    });
  });
});

describe('planCounts', () => {
  it('counts per operation and per type', () => {
    expect(planCounts([e1, e2, e3, event('create', 'route', 'r2')])).toEqual({
      create: 3,
      update: 0,
      delete: 1,
      byType: {
        service: { create: 1, update: 0, delete: 0 },
        route: { create: 2, update: 0, delete: 0 },
        consumer: { create: 0, update: 0, delete: 1 },
      },
    });
  });
});
