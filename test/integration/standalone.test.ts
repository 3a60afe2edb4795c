/**
 * The API-driven standalone backend against standalone-mode emulators (real sockets): one
 * document PUT per server with a status per endpoint, the per-cacheKey baseline, bypassCache,
 * the conf_version rejection path and the same-digest 204.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearBaselineCache } from '../../lib/apisix-standalone/index.js';
import { putDocument } from '../../lib/apisix-standalone/put.js';
import type { EmulatorHandle } from '../../lib/emulator/apisix-admin/index.js';
import { type AgentRegistry, createAgentRegistry, createHttpClient } from '../../lib/http/index.js';
import { runSync } from '../../lib/sync/index.js';
import type { SyncTarget } from '../../lib/sync/types.js';
import { ADMIN_KEY, fullConfig, startGateway } from '../fixtures/engine/support.js';

const CONFIGS = '/apisix/admin/configs';

/** How many routes a standalone emulator holds. */
function routesOf(emu: EmulatorHandle): number {
  const routes = emu.dump().standalone?.routes;
  return Array.isArray(routes) ? routes.length : 0;
}

describe.each(['3.13.0', '3.18.0'])('apisix-standalone backend on APISIX %s', (version) => {
  let a: EmulatorHandle;
  let b: EmulatorHandle;
  let registry: AgentRegistry;

  beforeEach(async () => {
    clearBaselineCache();
    [a, b] = await Promise.all([
      startGateway(version, { mode: 'standalone' }),
      startGateway(version, { mode: 'standalone' }),
    ]);
    registry = createAgentRegistry({ env: {} });
  });
  afterEach(async () => {
    registry.destroy();
    await Promise.all([a.close(), b.close()]);
  });

  const target = (extra: Partial<SyncTarget> = {}): SyncTarget => ({
    backend: 'apisix-standalone',
    servers: [a.url, b.url],
    token: ADMIN_KEY,
    cacheKey: `gw-${version}`,
    ...extra,
  });
  const sync = (config: unknown, extra: Partial<SyncTarget> = {}) =>
    runSync({ mode: 'sync', config, target: target(extra), registry });
  const puts = (emu: EmulatorHandle) =>
    emu.requests.filter((r) => r.method === 'PUT' && r.path === CONFIGS);

  it('writes one document to every server, reports each endpoint, then re-syncs to nothing', async () => {
    // Act
    const first = await sync(fullConfig());
    const again = await sync(fullConfig());

    // Assess
    expect(first.status).toBe('success');
    expect(first.endpoint_status?.map((e) => [e.server, e.success])).toEqual([
      [a.url, true],
      [b.url, true],
    ]);
    expect(JSON.stringify(first.endpoint_status)).not.toContain(ADMIN_KEY);
    expect(a.dump().standalone).toEqual(b.dump().standalone);
    expect(routesOf(a)).toBe(4);
    expect(again.plan.create + again.plan.update + again.plan.delete).toBe(0);
    expect(puts(a)).toHaveLength(1);
    expect(puts(b)).toHaveLength(1);
  });

  it('is a partial failure when one server applied the document and another rejected it', async () => {
    // Prepare
    b.addFault({
      method: 'PUT',
      path: CONFIGS,
      status: 400,
      times: 1,
      body: { error_msg: 'invalid routes' },
    });

    // Act
    const report = await sync(fullConfig());
    const held = [routesOf(a), routesOf(b)];
    const getsBefore = a.requests.filter((r) => r.method === 'GET').length;
    const retry = await sync(fullConfig());

    // Assess
    expect(report.status).toBe('partial_failure');
    expect(report.endpoint_status?.map((e) => e.success)).toEqual([true, false]);
    expect(report.endpoint_status?.[1]?.reason).toContain('invalid routes');
    expect(report.endpoint_status?.[1]?.response?.data).toEqual({ error_msg: 'invalid routes' });
    // Each event once per side: applied on a, rejected by b.
    expect(report.total_resources).toBe(report.plan.create);
    expect(report.success_count).toBe(report.plan.create);
    expect(report.failed_count).toBe(report.plan.create);
    expect(new Set(report.success.map((s) => s.server))).toEqual(new Set([a.url]));
    expect(new Set(report.failed.map((f) => f.server))).toEqual(new Set([b.url]));
    expect(held).toEqual([4, 0]);
    // The baseline was dropped, so the next run reads the freshest server again.
    expect(a.requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(getsBefore);
    expect(retry.status).toBe('success');
    expect(a.dump().standalone).toEqual(b.dump().standalone);
  });

  it('is all_failed only when every server rejected the document', async () => {
    // Prepare
    for (const emu of [a, b]) {
      emu.addFault({ method: 'PUT', path: CONFIGS, status: 400, body: { error_msg: 'no' } });
    }

    // Act
    const report = await sync(fullConfig());

    // Assess
    expect(report.status).toBe('all_failed');
    expect(report.success).toEqual([]);
    expect(report.failed_count).toBe(report.plan.create);
    expect(report.failed[0]?.server).toBe(`${a.url},${b.url}`);
  });

  it('diffs only the scope yet writes back every collection of the document', async () => {
    // Prepare
    await sync(fullConfig());
    const consumersBefore = a.dump().standalone?.consumers;
    const config = fullConfig() as { services: { routes?: { name: string }[] }[] };
    config.services[0]!.routes!.pop();

    // Act
    const report = await runSync({
      mode: 'sync',
      config,
      target: target(),
      registry,
      scope: { includeResourceTypes: ['route'] },
    });

    // Assess
    expect(report.plan).toMatchObject({ create: 0, update: 0, delete: 1 });
    expect(Object.keys(report.plan.byType)).toEqual(['route']);
    expect(routesOf(a)).toBe(3);
    expect(a.dump().standalone?.consumers).toEqual(consumersBefore);
    expect(b.dump().standalone).toEqual(a.dump().standalone);
  });

  it('uses the cached baseline on a warm run and re-reads it with bypassCache', async () => {
    // Prepare
    await sync(fullConfig());
    const reads = () => a.requests.filter((r) => r.path === CONFIGS && r.method !== 'PUT').length;
    const before = reads();

    // Act
    await sync(fullConfig());
    const warm = reads();
    await sync(fullConfig(), { bypassCache: true });

    // Assess
    expect(warm).toBe(before);
    expect(reads()).toBeGreaterThan(warm);
  });

  it('rebuilds from a server whose conf_version is newer than the baseline and retries once', async () => {
    // Prepare: another writer left server a with a newer routes_conf_version.
    await sync(fullConfig());
    const stored = a.dump().standalone ?? {};
    const newer: Record<string, unknown> = {
      ...stored,
      routes_conf_version: Number(stored.routes_conf_version) + 1e9,
    };
    delete newer['X-Digest'];
    delete newer['X-Last-Modified'];
    const body = JSON.stringify(newer);
    const client = createHttpClient({
      baseUrl: a.url,
      agents: registry.agentsFor(),
      timeoutMs: 5000,
      headers: { 'X-API-KEY': ADMIN_KEY },
    });
    await client.request({
      method: 'PUT',
      path: CONFIGS,
      body,
      headers: {
        'X-Digest': createHash('sha1').update(body).digest('hex'),
        'Content-Type': 'application/json',
      },
    });
    const config = fullConfig() as { services: { routes?: { name: string }[] }[] };
    config.services[0]!.routes!.pop();
    const putsBefore = puts(a).length;

    // Act
    const report = await sync(config);

    // Assess
    expect(report.status).toBe('success');
    expect(report.plan.byType.route?.delete).toBe(1);
    expect(
      puts(a)
        .slice(putsBefore)
        .map((r) => r.status),
    ).toEqual([400, 202]);
    expect(routesOf(a)).toBe(3);
    expect(routesOf(b)).toBe(3);
  });
});

describe('putDocument', () => {
  it('treats the 204 a server answers for a digest it already holds as success', async () => {
    // Prepare
    const emu = await startGateway('3.18.0', { mode: 'standalone' });
    const registry = createAgentRegistry({ env: {} });
    const client = createHttpClient({
      baseUrl: emu.url,
      agents: registry.agentsFor(),
      timeoutMs: 5000,
      headers: { 'X-API-KEY': ADMIN_KEY },
    });
    const input = {
      clients: [client],
      document: {
        global_rules: [{ id: 'prometheus', plugins: { prometheus: {} } }],
        global_rules_conf_version: 5,
      },
      digest: (body: string) => createHash('sha1').update(body).digest('hex'),
      rebuild: async () => {
        throw new Error('not expected');
      },
    };

    // Act
    const first = await putDocument(input);
    const second = await putDocument(input);

    // Assess
    expect(first.endpoints[0]?.response?.status).toBe(202);
    expect(second.allOk).toBe(true);
    expect(second.endpoints[0]?.response?.status).toBe(204);
    registry.destroy();
    await emu.close();
  });
});
