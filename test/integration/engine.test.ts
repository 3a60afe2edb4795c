/**
 * The sync engine end to end against the emulator (real sockets): every resource type on
 * APISIX 3.13 (defaults injected on write) and 3.18 (bodies stored verbatim), convergence,
 * edits/removals/renames, dump round trips and failure injection.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApisixBackend } from '../../lib/apisix/index.js';
import { fromResources } from '../../lib/config/index.js';
import type { EmulatorHandle } from '../../lib/emulator/apisix-admin/index.js';
import { NetworkError } from '../../lib/errors.js';
import { type AgentRegistry, createAgentRegistry, createHttpClient } from '../../lib/http/index.js';
import { runSync } from '../../lib/sync/index.js';
import type { Report } from '../../lib/sync/types.js';
import {
  ADMIN_KEY,
  fullConfig,
  startGateway,
  targetOf,
  VERSIONS,
  writesSince,
} from '../fixtures/engine/support.js';

type Config = Record<string, unknown> & {
  services: Record<string, unknown>[];
  consumers: Record<string, unknown>[];
};

function changes(report: Report): number {
  return report.plan.create + report.plan.update + report.plan.delete;
}

describe.each(VERSIONS)('runSync against APISIX %s', (version) => {
  let emu: EmulatorHandle;
  let registry: AgentRegistry;

  beforeEach(async () => {
    emu = await startGateway(version);
    registry = createAgentRegistry({ env: {} });
  });
  afterEach(async () => {
    registry.destroy();
    await emu.close();
  });

  const sync = (config: unknown, mode: 'sync' | 'diff' = 'sync') =>
    runSync({ mode, config, target: targetOf(emu), registry });

  it('creates every resource type, then a re-sync plans nothing and writes nothing', async () => {
    // Act
    const first = await sync(fullConfig());
    const before = emu.requests.length;
    const again = await sync(fullConfig());

    // Assess
    expect(first.status).toBe('success');
    expect(Object.keys(first.plan.byType).sort()).toEqual(
      [
        'consumer',
        'consumer_credential',
        'global_rule',
        'plugin_metadata',
        'route',
        'service',
        'ssl',
        'stream_route',
        'upstream',
      ].sort(),
    );
    expect(first.success_count).toBe(first.plan.create);
    expect(changes(again)).toBe(0);
    expect(again.total_resources).toBe(0);
    expect(writesSince(emu, before)).toEqual([]);
  });

  it('applies edits, removals and renames, then converges', async () => {
    // Prepare
    await sync(fullConfig());
    const config = fullConfig() as Config;
    const httpbin = config.services[0] as {
      upstream: { nodes: { host: string }[] };
      routes: { name: string }[];
    };
    httpbin.upstream.nodes[0]!.host = 'httpbin.internal'; // edit
    httpbin.routes[0]!.name = 'get-renamed'; // rename = delete + create (ids derive from names)
    config.consumers = config.consumers.filter((c) => c.username !== 'bob'); // removal
    (config.services[1] as { name: string }).name = 'orders-v2'; // custom id: an update, routes follow

    // Act
    const report = await sync(config);
    const again = await sync(config, 'diff');

    // Assess
    expect(report.status).toBe('success');
    // The node edit, and the orders upstream, whose name follows its service's.
    expect(report.plan.byType.upstream?.update).toBe(2);
    // The renamed route, and orders' `create` route, whose derived id embeds the service name.
    expect(report.plan.byType.route).toMatchObject({ create: 2, delete: 2 });
    expect(report.plan.byType.consumer).toMatchObject({ delete: 1 });
    expect(report.plan.byType.consumer_credential).toMatchObject({ delete: 1 });
    expect(report.plan.byType.service?.update).toBe(1);
    expect(changes(again)).toBe(0);
  });

  const dumpLive = async () => {
    const client = createHttpClient({
      baseUrl: emu.url,
      agents: registry.agentsFor(),
      timeoutMs: 5000,
      headers: { 'X-API-KEY': ADMIN_KEY },
    });
    return (await createApisixBackend({ client }).dump()).resources;
  };

  it('never dumps SSL private keys, not even the ciphertext older versions list', async () => {
    // Prepare
    await sync(fullConfig());

    // Act
    const ssls = (await dumpLive()).filter((r) => r.type === 'ssl');

    // Assess
    expect(ssls).toHaveLength(1);
    expect(ssls[0]?.value).not.toHaveProperty('key');
    expect(ssls[0]?.value).not.toHaveProperty('keys');
    expect(ssls[0]?.value.cert).toContain('BEGIN CERTIFICATE');
  });

  it('syncs a dump of the gateway back with zero writes once the SSL key is supplied', async () => {
    // Prepare: the Admin API never returns private keys; the user adds the reference back.
    await sync(fullConfig());
    const dumped = fromResources(await dumpLive());
    for (const ssl of dumped.ssls ?? [])
      for (const c of ssl.certificates) c.key = '$env://EXAMPLE_TLS_KEY';
    const before = emu.requests.length;

    // Act
    const report = await sync(dumped);

    // Assess
    expect(report.events ?? []).toEqual([]);
    expect(changes(report)).toBe(0);
    expect(writesSince(emu, before)).toEqual([]);
  });
});

describe('runSync failure handling', () => {
  let emu: EmulatorHandle;
  let registry: AgentRegistry;

  beforeEach(async () => {
    emu = await startGateway('3.18.0');
    registry = createAgentRegistry({ env: {} });
  });
  afterEach(async () => {
    registry.destroy();
    await emu.close();
  });

  const sync = (extra: Parameters<typeof targetOf>[1] = {}) =>
    runSync({ mode: 'sync', config: fullConfig(), target: targetOf(emu, extra), registry });

  it('fails one route on a 400, applies everything independent and never retries it', async () => {
    // Prepare: the `get` route of httpbin answers 400 on PUT.
    emu.addFault({
      method: 'PUT',
      path: '/apisix/admin/routes/*',
      times: 1,
      status: 400,
      body: { error_msg: 'invalid configuration: property "uris" validation failed' },
    });

    // Act
    const report = await sync();

    // Assess
    expect(report.status).toBe('partial_failure');
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.event.resourceType).toBe('route');
    expect(report.failed[0]?.reason).toContain('property "uris" validation failed');
    expect(report.failed[0]?.response?.status).toBe(400);
    expect(JSON.stringify(report)).not.toContain(ADMIN_KEY);
    expect(report.skipped).toEqual([]);
    expect(report.success_count).toBe(report.plan.create - 1);
    const routePuts = emu.requests.filter(
      (r) =>
        r.method === 'PUT' &&
        r.path === `/apisix/admin/routes/${report.failed[0]?.event.resourceId}`,
    );
    expect(routePuts).toHaveLength(1);
  });

  it('skips the routes of a service whose write failed, with the reason', async () => {
    // Prepare
    emu.addFault({
      method: 'PUT',
      path: '/apisix/admin/services/orders-svc',
      status: 400,
      body: { error_msg: 'nope' },
    });

    // Act
    const report = await sync();

    // Assess
    expect(report.failed.map((f) => f.event.resourceId)).toEqual(['orders-svc']);
    expect(report.skipped.map((s) => s.event.resourceName).sort()).toEqual(['create', 'list']);
    for (const s of report.skipped) expect(s.reason).toContain('service "orders"');
    // Everything else, the other services' routes included, was applied.
    expect(report.success_count).toBe(report.plan.create - 3);
    expect(emu.requests.some((r) => r.path === '/apisix/admin/routes/orders-list')).toBe(false);
  });

  it('retries a write that answered 503 twice, then applies it', async () => {
    // Prepare
    emu.addFault({
      method: 'PUT',
      path: '/apisix/admin/global_rules/prometheus',
      times: 2,
      status: 503,
    });

    // Act
    const report = await sync();

    // Assess: what the gateway saw and answered, and what it now holds.
    expect(report.status).toBe('success');
    const puts = emu.requests.filter((r) => r.path === '/apisix/admin/global_rules/prometheus');
    expect(puts.map((r) => [r.method, r.status])).toEqual([
      ['PUT', 503],
      ['PUT', 503],
      ['PUT', 201],
    ]);
    expect(report.success.map((s) => s.event.resourceId)).toContain('prometheus');
    const stored = emu.dump().entries.find((e) => e.key.endsWith('/global_rules/prometheus'));
    expect(stored?.value).toMatchObject({ plugins: { prometheus: {} } });
  });

  it('reports no password from a server URL that carries one, however it got there', async () => {
    // Prepare: the entry points refuse such URLs; runSync called directly does not.
    emu.addFault({ method: 'PUT', path: '/apisix/admin/routes/*', times: 1, status: 400 });
    const server = emu.url.replace('http://', 'http://admin:S3CRET-pw@');

    // Act
    const report = await runSync({
      mode: 'sync',
      config: fullConfig(),
      target: targetOf(server),
      registry,
    });

    // Assess
    expect(report.failed).toHaveLength(1);
    expect(report.success.length).toBeGreaterThan(0);
    expect(report.failed[0]?.request?.url).toContain('admin:[REDACTED]@');
    expect(JSON.stringify(report)).not.toContain('S3CRET-pw');
  });

  it('retries once a write whose reused keep-alive socket was reset', async () => {
    // Prepare: one write per socket at a time, and a warm socket.
    await runSync({
      mode: 'sync',
      config: {},
      target: targetOf(emu, { concurrency: 1 }),
      registry,
    });
    const fault = emu.addFault({
      method: 'PUT',
      path: '/apisix/admin/ssls/*',
      times: 1,
      reset: true,
    });

    // Act
    const report = await sync({ concurrency: 1 });

    // Assess
    expect(report.status).toBe('success');
    expect(fault.hits).toBe(1);
    expect(report.plan.byType.ssl?.create).toBe(1);
  });

  it('fails with a clear error and reports nothing as applied when the Admin API is down', async () => {
    // Prepare
    const url = emu.url;
    await emu.close();

    // Act
    const run = runSync({ mode: 'sync', config: fullConfig(), target: targetOf(url), registry });

    // Assess
    await expect(run).rejects.toBeInstanceOf(NetworkError);
    await expect(run).rejects.toThrow(/ECONNREFUSED/);
    emu = await startGateway('3.18.0');
  });

  it('reports every write failed, none as success, when the gateway fails mid-apply', async () => {
    // Prepare: lists answer, every write gets 500 (retried, then given up).
    emu.addFault({ method: 'PUT', path: '*', status: 500, body: { error_msg: 'etcd down' } });

    // Act
    const report = await sync();

    // Assess
    expect(report.status).toBe('all_failed');
    expect(report.success).toEqual([]);
    expect(report.failed.length + report.skipped.length).toBe(report.plan.create);
    expect(report.failed[0]?.reason).toContain('etcd down');
  });
});

describe('runSync scheduling and caching', () => {
  it('runs two syncs for the same target one after the other', async () => {
    // Prepare
    const emu = await startGateway('3.18.0');
    const registry = createAgentRegistry({ env: {} });
    const sync = () =>
      runSync({ mode: 'sync', config: fullConfig(), target: targetOf(emu), registry });

    // Act: started together; serialised, the second sees what the first wrote.
    const [first, second] = await Promise.all([sync(), sync()]);

    // Assess
    expect(changes(first)).toBeGreaterThan(15);
    expect(changes(second)).toBe(0);
    registry.destroy();
    await emu.close();
  });

  it('reads the gateway schemas once per server and version, not once per run', async () => {
    // Prepare
    const emu = await startGateway('3.13.0');
    const schemaReads = () =>
      emu.requests.filter(
        (r) =>
          r.path.startsWith('/apisix/admin/schema/') || r.path.startsWith('/apisix/admin/plugins/'),
      ).length;
    const run = async () => {
      const registry = createAgentRegistry({ env: {} });
      await runSync({ mode: 'diff', config: fullConfig(), target: targetOf(emu), registry });
      registry.destroy();
    };

    // Act
    await run();
    const afterFirst = schemaReads();
    await run();

    // Assess
    expect(afterFirst).toBeGreaterThan(0);
    expect(schemaReads()).toBe(afterFirst);
    await emu.close();
  });

  it('tolerates a gateway without stream mode, whose stream route list answers 400', async () => {
    // Prepare
    const emu = await startGateway('3.18.0', { streamMode: false });
    const registry = createAgentRegistry({ env: {} });
    const config = fullConfig() as Config;
    config.services = config.services.filter((s) => s.name !== 'redis');

    // Act
    const report = await runSync({ mode: 'sync', config, target: targetOf(emu), registry });
    const again = await runSync({ mode: 'diff', config, target: targetOf(emu), registry });

    // Assess
    expect(report.status).toBe('success');
    expect(
      emu.requests.some(
        (r) => r.path.startsWith('/apisix/admin/stream_routes?') && r.status === 400,
      ),
    ).toBe(true);
    expect(changes(again)).toBe(0);
    registry.destroy();
    await emu.close();
  });

  it('never downloads a list just to learn the version: one read per collection', async () => {
    // Prepare
    const emu = await startGateway('3.18.0');
    const registry = createAgentRegistry({ env: {} });
    await runSync({ mode: 'sync', config: fullConfig(), target: targetOf(emu), registry });
    const before = emu.requests.length;

    // Act
    await runSync({ mode: 'diff', config: fullConfig(), target: targetOf(emu), registry });

    // Assess
    const lists = emu.requests.slice(before).map((r) => r.path.split('?')[0]);
    for (const collection of [
      'services',
      'routes',
      'upstreams',
      'ssls',
      'consumers',
      'stream_routes',
    ]) {
      expect(lists.filter((p) => p === `/apisix/admin/${collection}`)).toHaveLength(1);
    }
    // 8 collections, 2 consumers' credentials; schemas are cached from the first run.
    expect(lists).toHaveLength(10);
    registry.destroy();
    await emu.close();
  });
});

describe('dump within a scope', () => {
  let emu: EmulatorHandle;
  let registry: AgentRegistry;
  const consumers = Array.from({ length: 200 }, (_, i) => ({
    username: `user${i}`,
    credentials: [{ name: 'key', type: 'key-auth', config: { key: `key-${i}` } }],
  }));
  const config = () => ({ ...fullConfig(), consumers });

  beforeEach(async () => {
    emu = await startGateway('3.18.0');
    registry = createAgentRegistry({ env: {} });
    await runSync({ mode: 'sync', config: config(), target: targetOf(emu), registry });
  });
  afterEach(async () => {
    registry.destroy();
    await emu.close();
  });

  /** Paths (without query) the gateway saw during one diff within `scope`. */
  async function readsFor(scope: Parameters<typeof runSync>[0]['scope']) {
    const before = emu.requests.length;
    const report = await runSync({
      mode: 'diff',
      config: config(),
      target: targetOf(emu),
      registry,
      scope,
    });
    const paths = emu.requests.slice(before).map((r) => r.path.split('?')[0] ?? '');
    return { report, paths };
  }

  it.each([
    ['AIC’s include list', { includeResourceTypes: ['service', 'route', 'upstream', 'ssl'] }],
    ['an excluded consumer type', { excludeResourceTypes: ['consumer'] }],
  ])('reads no credential list for %s', async (_, scope) => {
    // Act
    const { report, paths } = await readsFor(scope);

    // Assess
    expect(changes(report)).toBe(0);
    expect(paths.filter((p) => p.includes('/credentials'))).toEqual([]);
    expect(paths.filter((p) => p === '/apisix/admin/consumers')).toEqual([]);
    expect(paths.length).toBeLessThan(10);
  });

  it.each([
    [
      'services only (their inline upstreams are part of them)',
      { includeResourceTypes: ['service'] },
    ],
    [
      'upstreams excluded (named upstreams stay, none deleted)',
      { excludeResourceTypes: ['upstream'] },
    ],
    ['upstreams only', { includeResourceTypes: ['upstream'] }],
    ['credentials only', { includeResourceTypes: ['consumer_credential'] }],
    ['credentials excluded', { excludeResourceTypes: ['consumer_credential'] }],
  ])('plans nothing on a synced gateway for %s', async (_, scope) => {
    // Act
    const { report } = await readsFor(scope);

    // Assess
    expect(report.plan).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it('reads only the services, routes and stream routes a route-only scope needs', async () => {
    // Act
    const { report, paths } = await readsFor({ includeResourceTypes: ['route'] });

    // Assess
    expect(changes(report)).toBe(0);
    expect([...new Set(paths)].sort()).toEqual(['/apisix/admin/routes', '/apisix/admin/services']);
  });

  it('still reads every list and each consumer’s credentials without a scope', async () => {
    // Act
    const { paths } = await readsFor(undefined);

    // Assess
    expect(paths.filter((p) => p.endsWith('/credentials'))).toHaveLength(200);
    expect(paths.filter((p) => !p.endsWith('/credentials'))).toHaveLength(8);
  });

  it('asks for the version alone when the scope needs no list at all', async () => {
    // Act
    const { report, paths } = await readsFor({ includeResourceTypes: ['plugin_config'] });

    // Assess
    expect(report.apisix_version).toBe('3.18.0');
    expect(paths).toEqual(['/apisix/admin']);
  });
});

describe('dump', () => {
  it('reads 200 consumers with credentials on no more sockets than the concurrency limit', async () => {
    // Prepare
    const emu = await startGateway('3.18.0');
    const seed = createAgentRegistry({ env: {} });
    const consumers = Array.from({ length: 200 }, (_, i) => ({
      username: `user${i}`,
      credentials: [{ name: 'key', type: 'key-auth', config: { key: `key-${i}` } }],
    }));
    await runSync({ mode: 'sync', config: { consumers }, target: targetOf(emu), registry: seed });
    seed.destroy();
    const registry = createAgentRegistry({ env: {} });
    const connectionsBefore = emu.connections.length;
    const requestsBefore = emu.requests.length;

    // Act
    const report = await runSync({
      mode: 'diff',
      config: { consumers },
      target: targetOf(emu, { concurrency: 8 }),
      registry,
    });

    // Assess
    expect(changes(report)).toBe(0);
    expect(emu.requests.length - requestsBefore).toBeGreaterThan(200);
    expect(emu.connections.length - connectionsBefore).toBeLessThanOrEqual(8);
    expect(registry.counters().socketsCreated).toBeLessThanOrEqual(8);
    registry.destroy();
    await emu.close();
  });
});
