/**
 * The sync-api handler called directly with API Gateway v1/v2 and Function URL events against
 * the real emulator: every status code of the contract, AIC-shaped bodies, gzip and base64
 * bodies, and no admin key in any response or captured log line.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler, resetSyncApiHandler } from '../../functions/sync-api/handler.js';
import { type EmulatorHandle, startEmulator } from '../../lib/emulator/apisix-admin/index.js';
import { clearSecretCaches } from '../../lib/secrets/index.js';
import {
  buildEvent,
  EVENT_NAMES,
  type EventInit,
  type EventName,
} from '../fixtures/events/build.js';
import { type Captured, captureStdout, taskBody } from '../fixtures/events/capture.js';
import { createContext } from '../helpers/context.js';

const ADMIN_KEY = 'adm-7f3c9e1d5b2a4f60';
let apisix: EmulatorHandle;
let out: Captured;
const responses: string[] = [];

async function call(init: EventInit, kind: EventName = 'http-api-v2') {
  const res = await handler(buildEvent(kind, init), createContext({ functionName: 'sync-api' }));
  const text = String(res.body ?? '');
  responses.push(JSON.stringify(res.headers) + text);
  const json = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  return { status: res.statusCode ?? 0, headers: res.headers ?? {}, text, json };
}

const opts = (extra: Record<string, unknown> = {}) => ({
  backend: 'apisix',
  server: [apisix.url],
  token: ADMIN_KEY,
  cacheKey: 'test',
  ...extra,
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  process.env.APISYNC_LOG_LEVEL = 'info';
  apisix = await startEmulator({ adminKey: ADMIN_KEY });
  out = captureStdout();
});

beforeEach(() => {
  apisix.reset();
  apisix.clearFaults();
});

afterEach(() => {
  resetSyncApiHandler();
  delete process.env.APISYNC_SYNC_API_TOKEN;
  clearSecretCaches();
});

afterAll(async () => {
  out.restore();
  process.env.APISYNC_LOG_LEVEL = 'silent';
  await apisix.close();
  // Assess (whole file): the admin key never reached a response, a log line or a metric.
  expect(responses.length).toBeGreaterThan(20);
  for (const r of responses) expect(r).not.toContain(ADMIN_KEY);
  expect(out.text()).not.toContain(ADMIN_KEY);
});

describe('sync-api handler', () => {
  it.each(
    EVENT_NAMES.flatMap((kind) => [
      { kind, encoding: 'plain' },
      { kind, encoding: 'base64' },
      { kind, encoding: 'gzip+base64' },
    ]),
  )(
    'answers 202 with ADC’s result shape for a $kind event ($encoding)',
    async ({ kind, encoding }) => {
      // Prepare
      const body = taskBody(opts());
      const init: EventInit =
        encoding === 'plain'
          ? { body }
          : encoding === 'base64'
            ? { body, base64: true }
            : { body: gzipSync(body), headers: { 'content-encoding': 'gzip' } };
      // Act
      const res = await call(init, kind);
      // Assess
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({
        status: 'success',
        failed_count: 0,
        failed: [],
        skipped: [],
      });
      expect(res.json?.success_count).toBe(res.json?.total_resources);
      expect(res.json?.plan).toMatchObject({ create: 15, update: 0, delete: 0 });
      expect(res.json).toHaveProperty('duration_ms');
      expect(res.json).toHaveProperty('pool.socketsCreated');
      expect(res.headers['x-request-id']).toBeTruthy();
    },
  );

  it('converges with itself: a second identical /sync writes nothing', async () => {
    await call({ body: taskBody(opts()) });
    const again = await call({ body: taskBody(opts()) });
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({
      total_resources: 0,
      plan: { create: 0, update: 0, delete: 0 },
    });
  });

  it('accepts an AIC-shaped request and fills the label selector and managed-by label', async () => {
    // Prepare: the body AIC's executor sends (adc.md §1.3)
    const aic = {
      backend: 'apisix',
      server: [apisix.url],
      token: ADMIN_KEY,
      labelSelector: { 'k8s/controller-name': 'apisix.apache.org/apisix-ingress-controller' },
      includeResourceType: ['service', 'route', 'upstream', 'ssl'],
      tlsSkipVerify: false,
      cacheKey: 'apisix-ingress/apisix',
      bypassCache: false,
    };
    // Act
    const res = await call({
      body: taskBody(aic),
      headers: { 'user-agent': 'Go-http-client/1.1' },
    });
    // Assess
    expect(res.status).toBe(202);
    const types = new Set(
      ((res.json?.success ?? []) as { event: { resourceType: string } }[]).map(
        (s) => s.event.resourceType,
      ),
    );
    expect([...types].sort()).toEqual(['route', 'service', 'ssl', 'upstream']);
    const route = apisix.dump().entries.find((e) => e.key.includes('/routes/'));
    expect(route?.value).toMatchObject({
      labels: {
        'managed-by': 'adc',
        'k8s/controller-name': 'apisix.apache.org/apisix-ingress-controller',
      },
    });
  });

  it('reports endpoint_status for the apisix-standalone backend', async () => {
    const standalone = await startEmulator({ adminKey: ADMIN_KEY, mode: 'standalone' });
    try {
      const res = await call({
        body: taskBody(opts({ backend: 'apisix-standalone', server: standalone.url })),
      });
      expect(res.status).toBe(202);
      expect(Array.isArray(res.json?.endpoint_status)).toBe(true);
    } finally {
      await standalone.close();
    }
  });

  it('answers 202 partial_failure when one standalone server applied and another rejected', async () => {
    // Prepare
    const [ok, rejecting] = await Promise.all([
      startEmulator({ adminKey: ADMIN_KEY, mode: 'standalone' }),
      startEmulator({ adminKey: ADMIN_KEY, mode: 'standalone' }),
    ]);
    rejecting.addFault({ method: 'PUT', path: '/apisix/admin/configs', status: 400 });
    const config = { global_rules: { prometheus: {} } };
    try {
      // Act
      const server = [ok.url, rejecting.url];
      const res = await call({
        body: taskBody(opts({ backend: 'apisix-standalone', server, cacheKey: 'split' }), config),
      });

      // Assess
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ status: 'partial_failure', failed_count: 1 });
      expect(res.json?.endpoint_status).toMatchObject([{ success: true }, { success: false }]);
    } finally {
      await Promise.all([ok.close(), rejecting.close()]);
    }
  });

  it('answers 400 naming task.opts.server when a server URL carries credentials', async () => {
    // Act
    const server = apisix.url.replace('http://', 'http://admin:S3CRET-pw@');
    const res = await call({ body: taskBody(opts({ server: [server] })) });

    // Assess
    expect(res.status).toBe(400);
    expect(res.json?.errors).toEqual([
      expect.objectContaining({ path: ['task', 'opts', 'server', 0] }),
    ]);
    expect(res.text).not.toContain('S3CRET-pw');
    expect(apisix.requests).toHaveLength(0);
  });

  it.each([
    ['an unknown top-level key', { task: { opts: {}, config: {} }, extra: 1 }, []],
    ['an unknown key in task', { task: { opts: {}, config: {}, mode: 'x' } }, ['task']],
    [
      'a missing token',
      { task: { opts: { backend: 'apisix', server: 'http://127.0.0.1:1' }, config: {} } },
      ['task', 'opts', 'token'],
    ],
  ])('answers 400 with every issue for %s', async (_name, body, path) => {
    const res = await call({ body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(res.json?.message).toEqual(expect.any(String));
    expect(res.json?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('answers 400 for lint errors with paths relative to config, every one of them', async () => {
    const config = { services: [{ name: 's', routes: [{ name: 'r' }] }], consumers: [{}] };
    const res = await call({ body: taskBody(opts(), config) });
    expect(res.status).toBe(400);
    const paths = ((res.json?.errors ?? []) as { path: unknown[] }[]).map((e) => e.path);
    expect(paths).toContainEqual(['services', 0, 'routes', 0, 'uris']);
    expect(paths).toContainEqual(['consumers', 0, 'username']);
  });

  it.each([
    [undefined, 401],
    ['Bearer wrong-token', 403],
    ['Bearer right-token-0123', 202],
  ])(
    'with APISYNC_SYNC_API_TOKEN set, Authorization %s gives %i',
    async (authorization, status) => {
      process.env.APISYNC_SYNC_API_TOKEN = 'env:SYNC_API_TEST_TOKEN';
      process.env.SYNC_API_TEST_TOKEN = 'right-token-0123';
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const res = await call({ body: taskBody(opts()), headers });
      expect(res.status).toBe(status);
      expect(res.text).not.toContain('right-token-0123');
    },
  );

  it.each([
    ['GET', '/nope', 404],
    ['GET', '/sync', 405],
    ['POST', '/validate', 405],
    ['GET', '/healthz/ready', 200],
  ])('%s %s answers %i', async (method, path, status) => {
    const res = await call({ method, path });
    expect(res.status).toBe(status);
    if (status === 405) expect(res.headers.allow).toBe('PUT');
    if (status !== 200) expect(res.json?.message).toEqual(expect.any(String));
  });

  it('answers 413 for a 7 MB body and says to send it gzip-compressed', async () => {
    const filler = 'x'.repeat(7 * 1024 * 1024);
    const res = await call({
      body: taskBody(opts(), { services: [{ name: 's', description: filler }] }),
    });
    expect(res.status).toBe(413);
    expect(res.json?.message).toContain('Content-Encoding: gzip');
  });

  it('answers 415 for a Content-Encoding other than gzip', async () => {
    const res = await call({ body: taskBody(opts()), headers: { 'content-encoding': 'br' } });
    expect(res.status).toBe(415);
  });

  it('answers 422 with the report when every write failed', async () => {
    apisix.addFault({
      method: 'PUT',
      path: '/apisix/admin/*',
      status: 400,
      body: { error_msg: 'rejected by test' },
    });
    const res = await call({ body: taskBody(opts()) });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ status: 'all_failed', success_count: 0 });
    expect(((res.json?.failed ?? []) as unknown[]).length).toBeGreaterThan(0);
  });

  it('answers 502 without a stack trace when the Admin API is unreachable', async () => {
    const res = await call({
      body: taskBody(opts({ server: `http://127.0.0.1:${await closedPort()}` })),
    });
    expect(res.status).toBe(502);
    expect(Object.keys(res.json ?? {})).toEqual(['message']);
    expect(res.text).not.toMatch(/\n\s+at /);
  });

  it('answers 502 saying the gateway rejected the admin key, never the key', async () => {
    const res = await call({ body: taskBody(opts({ token: 'not-the-key-4242' })) });
    expect(res.status).toBe(502);
    expect(res.json?.message).toContain('rejected the admin key');
    expect(res.text).not.toContain('not-the-key-4242');
  });

  it('answers 504 when the Admin API times out before any write', async () => {
    apisix.addFault({ method: 'GET', path: '*', delayMs: 1500 });
    const res = await call({ body: taskBody(opts({ timeout: 200 })) });
    expect(res.status).toBe(504);
    expect(res.json?.message).toContain('timed out');
  });
});

describe('sync-api handler /validate', () => {
  it('answers 200 with ADC’s validate shape for a valid configuration', async () => {
    const res = await call({ path: '/validate', body: taskBody(opts()) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ success: true, source: 'validate', errors: [] });
    expect(apisix.dump().entries.filter((e) => e.key.includes('/routes/'))).toHaveLength(0);
  });

  it.each([
    ['input', JSON.stringify({ task: { opts: {}, config: {} } })],
    [
      'lint',
      JSON.stringify({
        task: {
          opts: { backend: 'apisix', server: 'http://127.0.0.1:1', token: 't' },
          config: { services: [{}] },
        },
      }),
    ],
  ])('answers 400 with source %s', async (source, body) => {
    const res = await call({ path: '/validate', body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ success: false, source });
    expect(((res.json?.errors ?? []) as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('sync-api handler observability', () => {
  it('writes one log line per request with request id, target, counts and pool deltas', async () => {
    const before = out.lines().length;
    await call({ body: taskBody(opts()) }, 'rest-api-v1');
    const lines = out
      .lines()
      .slice(before)
      .filter((l) => l.service === 'sync-api' && typeof l.level === 'string');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      route: 'sync',
      status: 202,
      requestId: expect.any(String),
      target: { backend: 'apisix', servers: [apisix.url] },
      counts: { status: 'success', plan: { create: 15 } },
      pool: { socketsCreated: expect.any(Number) },
    });
    expect(
      out
        .lines()
        .slice(before)
        .some((l) => typeof l._aws === 'object'),
    ).toBe(true);
  });
});
