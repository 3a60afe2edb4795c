import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../lib/emulator/apisix-admin/index.js';
import { call } from '../unit/emulator/http-support.js';

const KEY = 'standalone-admin-key';
const H = { 'X-API-KEY': KEY };
const ROUTE = {
  id: 'r1',
  uri: '/a',
  upstream: { type: 'roundrobin', nodes: { '127.0.0.1:1980': 1 } },
};

let apisix: EmulatorHandle | undefined;
afterEach(async () => {
  await apisix?.close();
  apisix = undefined;
});

async function at(version = '3.18.0') {
  apisix = await startEmulator({ version, adminKey: KEY, mode: 'standalone' });
  return apisix;
}

describe('emulator standalone mode (standalone.spec.ts)', () => {
  it('dumps an empty config with every conf_version at 0 and no state headers', async () => {
    const emu = await at();
    const answer = await call(emu.url, 'GET', '/apisix/admin/configs', { headers: H });
    expect(answer.status).toBe(200);
    expect((answer.json as Record<string, number>).routes_conf_version).toBe(0);
    expect(Object.keys(answer.json as object)).toHaveLength(13);
    expect(answer.headers['x-digest']).toBeUndefined();
  });

  it('requires the digest header from 3.14', async () => {
    const emu = await at();
    const answer = await call(emu.url, 'PUT', '/apisix/admin/configs', {
      headers: H,
      body: { routes: [ROUTE] },
    });
    expect([answer.status, answer.json]).toEqual([400, { error_msg: 'missing digest header' }]);
  });

  it('stores a document (202), skips an unchanged digest (204) and echoes the state', async () => {
    // Prepare
    const emu = await at();
    const headers = { ...H, 'X-Digest': 'd1' };
    // Act
    const first = await call(emu.url, 'PUT', '/apisix/admin/configs', {
      headers,
      body: { routes: [ROUTE] },
    });
    const again = await call(emu.url, 'PUT', '/apisix/admin/configs', {
      headers,
      body: { routes: [] },
    });
    const dump = await call(emu.url, 'GET', '/apisix/admin/configs', { headers: H });
    const head = await call(emu.url, 'HEAD', '/apisix/admin/configs', { headers: H });
    // Assess
    expect([first.status, first.headers['x-digest'], again.status]).toEqual([202, 'd1', 204]);
    const body = dump.json as Record<string, unknown>;
    expect([
      body.routes,
      body.routes_conf_version,
      body.services_conf_version,
      body['X-Digest'],
    ]).toEqual([[ROUTE], 1, 1, 'd1']);
    expect([head.status, head.headers['x-digest'], typeof head.headers['x-last-modified']]).toEqual(
      [200, 'd1', 'string'],
    );
  });

  it('keeps items whose conf_version did not move and refuses a lower one', async () => {
    const emu = await at();
    await call(emu.url, 'PUT', '/apisix/admin/configs', {
      headers: { ...H, 'X-Digest': 'a' },
      body: { routes: [ROUTE], routes_conf_version: 15 },
    });
    await call(emu.url, 'PUT', '/apisix/admin/configs', {
      headers: { ...H, 'X-Digest': 'b' },
      body: { routes: [], routes_conf_version: 15 },
    });
    const lower = await call(emu.url, 'PUT', '/apisix/admin/configs', {
      headers: { ...H, 'X-Digest': 'c' },
      body: { routes_conf_version: 3 },
    });
    const dump = (await call(emu.url, 'GET', '/apisix/admin/configs', { headers: H }))
      .json as Record<string, unknown>;
    expect([dump.routes, dump.routes_conf_version, dump.upstreams_conf_version]).toEqual([
      [ROUTE],
      15,
      2,
    ]);
    expect(lower.json).toEqual({
      error_msg: 'routes_conf_version must be greater than or equal to (15)',
    });
  });

  it.each([
    [
      '3.16.0',
      'invalid routes at index 0, err: invalid configuration: property "uri" validation failed: wrong type: expected string, got number',
    ],
    [
      '3.17.0',
      'invalid configuration: property "uri" validation failed: wrong type: expected string, got number',
    ],
  ])('reports the first invalid item on %s', async (version, message) => {
    const emu = await at(version);
    const answer = await call(emu.url, 'PUT', '/apisix/admin/configs', {
      headers: { ...H, 'X-Digest': 'x' },
      body: { routes: [{ ...ROUTE, uri: 1 }] },
    });
    expect([answer.status, answer.json]).toEqual([400, { error_msg: message }]);
  });

  it('reports duplicate ids and collects every error in /configs/validate', async () => {
    const emu = await at();
    const body = { routes: [ROUTE, ROUTE], consumers: [{ username: 'c1', plugins: { foo: {} } }] };
    const answer = await call(emu.url, 'POST', '/apisix/admin/configs/validate', {
      headers: H,
      body,
    });
    expect(answer.json).toEqual({
      error_msg: 'Configuration validation failed',
      errors: [
        {
          resource_type: 'routes',
          resource_id: 'r1',
          index: 1,
          error: 'found duplicate id r1 in routes',
        },
        {
          resource_type: 'consumers',
          resource_id: 'c1',
          index: 0,
          error: 'invalid plugins configuration: unknown plugin [foo]',
        },
      ],
    });
  });

  it('serves only /configs: other admin paths are nginx 404 pages', async () => {
    const emu = await at();
    const answer = await call(emu.url, 'GET', '/apisix/admin/routes', { headers: H });
    expect([answer.status, answer.headers['content-type']]).toEqual([
      404,
      'text/html; charset=utf-8',
    ]);
  });

  it('answers YAML when asked', async () => {
    const emu = await at();
    const answer = await call(emu.url, 'GET', '/apisix/admin/configs', {
      headers: { ...H, Accept: 'application/yaml' },
    });
    expect([
      answer.headers['content-type'],
      answer.text.includes('routes_conf_version: 0'),
    ]).toEqual(['application/yaml', true]);
  });
});
