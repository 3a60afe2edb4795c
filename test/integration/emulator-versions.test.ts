import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../lib/emulator/apisix-admin/index.js';
import { call } from '../unit/emulator/http-support.js';

const KEY = 'versions-admin-key';
const H = { 'X-API-KEY': KEY };
const UPSTREAM = { type: 'roundrobin', nodes: { '127.0.0.1:1980': 1 } };

let apisix: EmulatorHandle | undefined;
afterEach(async () => {
  await apisix?.close();
  apisix = undefined;
});

async function at(version: string, extra: Parameters<typeof startEmulator>[0] = {}) {
  apisix = await startEmulator({ version, adminKey: KEY, ...extra });
  return apisix;
}

describe('emulator version switches', () => {
  it.each([
    ['3.8.0', 404],
    ['3.13.0', 200],
  ])('answers HEAD /apisix/admin on %s with %i', async (version, status) => {
    const emu = await at(version);
    expect((await call(emu.url, 'HEAD', '/apisix/admin')).status).toBe(status);
  });

  it.each([
    ['3.8.0', 'jack-key'],
    ['3.11.0', 'OTHER'],
  ])(
    'encrypts key-auth keys in write responses on %s only from 3.10',
    async (version, expected) => {
      const emu = await at(version);
      const put = await call(emu.url, 'PUT', '/apisix/admin/consumers', {
        headers: H,
        body: { username: 'jack', plugins: { 'key-auth': { key: 'jack-key' } } },
      });
      const key = (put.json as { value: { plugins: { 'key-auth': { key: string } } } }).value
        .plugins['key-auth'].key;
      if (expected === 'OTHER') expect(key).not.toBe('jack-key');
      else expect(key).toBe(expected);
    },
  );

  it.each([
    // No credential resource before 3.11 (reference 10.2): the path is a consumer path, so the
    // PUT is a consumer write without `username` (400, reference 4.2) and the GET ignores the
    // sub-path and answers the consumer itself.
    ['3.10.0', 400, '/apisix/consumers/jack'],
    ['3.11.0', 201, '/apisix/consumers/jack/credentials/c1'],
  ])(
    'serves consumer credentials only from 3.11 (%s: the PUT answers %i, the GET shows %s)',
    async (version, putStatus, shownKey) => {
      // Prepare
      const emu = await at(version);
      await call(emu.url, 'PUT', '/apisix/admin/consumers', {
        headers: H,
        body: { username: 'jack' },
      });
      // Act
      const cred = await call(emu.url, 'PUT', '/apisix/admin/consumers/jack/credentials/c1', {
        headers: H,
        body: { plugins: { 'key-auth': { key: 'k' } } },
      });
      const list = await call(emu.url, 'GET', '/apisix/admin/consumers/jack/credentials', {
        headers: H,
      });
      // Assess
      const shown = list.json as { key?: string; list?: Array<{ key: string }> };
      expect([cred.status, list.status, shown.list?.[0]?.key ?? shown.key]).toEqual([
        putStatus,
        200,
        shownKey,
      ]);
    },
  );

  it.each([
    ['3.12.0', 2],
    ['3.13.0', 1],
  ])('applies filter= from 3.13 (%s lists %i)', async (version, total) => {
    const emu = await at(version);
    await call(emu.url, 'PUT', '/apisix/admin/services/s1', { headers: H, body: {} });
    await call(emu.url, 'PUT', '/apisix/admin/routes/r1', {
      headers: H,
      body: { uri: '/a', service_id: 's1' },
    });
    await call(emu.url, 'PUT', '/apisix/admin/routes/r2', {
      headers: H,
      body: { uri: '/b', upstream: UPSTREAM },
    });
    const answer = await call(emu.url, 'GET', '/apisix/admin/routes?filter=service_id%3Ds1', {
      headers: H,
    });
    expect((answer.json as { total: number }).total).toBe(total);
  });

  it.each([
    [
      '3.13.0',
      {
        hash_on: 'vars',
        pass_host: 'pass',
        scheme: 'http',
        type: 'roundrobin',
        nodes: { '127.0.0.1:1980': 1 },
      },
    ],
    ['3.14.0', UPSTREAM],
  ])('injects schema defaults before 3.14 (%s)', async (version, expected) => {
    const emu = await at(version);
    const answer = await call(emu.url, 'PUT', '/apisix/admin/upstreams/u1', {
      headers: H,
      body: UPSTREAM,
    });
    const {
      id: _id,
      create_time: _c,
      update_time: _u,
      ...value
    } = (answer.json as { value: Record<string, unknown> }).value;
    expect(value).toEqual(expected);
  });

  it.each([
    ['3.14.0', 201],
    ['3.15.0', 400],
  ])('refuses a plugin in two global rules from 3.15 (%s answers %i)', async (version, status) => {
    const emu = await at(version);
    await call(emu.url, 'PUT', '/apisix/admin/global_rules/1', {
      headers: H,
      body: { plugins: { prometheus: {} } },
    });
    const answer = await call(emu.url, 'PUT', '/apisix/admin/global_rules/2', {
      headers: H,
      body: { plugins: { prometheus: {} } },
    });
    expect(answer.status).toBe(status);
  });

  it.each([
    ['3.16.0', 404, { error_msg: 'Unsupported resource type: configs' }],
    ['3.17.0', 200, {}],
  ])('serves POST /configs/validate in etcd mode from 3.17 (%s)', async (version, status, body) => {
    const emu = await at(version);
    const answer = await call(emu.url, 'POST', '/apisix/admin/configs/validate', {
      headers: H,
      body: { routes: [] },
    });
    expect([answer.status, answer.json]).toEqual([status, body]);
  });

  it.each([
    ['3.16.0', 200],
    ['3.17.0', 401],
  ])('requires the key on /schema/validate from 3.17 (%s answers %i)', async (version, status) => {
    const emu = await at(version);
    const answer = await call(emu.url, 'POST', '/apisix/admin/schema/validate/routes', {
      body: { uri: '/a', upstream: UPSTREAM },
    });
    expect(answer.status).toBe(status);
  });

  it.each([
    ['3.16.0', true],
    ['3.17.0', false],
  ])('returns SSL keys in lists before 3.17 only (%s)', async (version, listed) => {
    const emu = await at(version);
    const { cert, key } = await import('../unit/emulator/tls-support.js').then((m) =>
      m.selfSigned('www.example.com'),
    );
    await call(emu.url, 'PUT', '/apisix/admin/ssls/1', {
      headers: H,
      body: { cert, key, snis: ['www.example.com'] },
    });
    const list = await call(emu.url, 'GET', '/apisix/admin/ssls', { headers: H });
    const single = await call(emu.url, 'GET', '/apisix/admin/ssls/1', { headers: H });
    expect('key' in (list.json as { list: Array<{ value: object }> }).list[0]!.value).toBe(listed);
    expect('key' in (single.json as { value: object }).value).toBe(false);
  });

  it.each([
    ['3.17.0', 201],
    ['3.18.0', 400],
  ])('rejects duplicate auth keys from 3.18 (%s answers %i)', async (version, status) => {
    const emu = await at(version);
    await call(emu.url, 'PUT', '/apisix/admin/consumers', {
      headers: H,
      body: { username: 'a', plugins: { 'key-auth': { key: 'k' } } },
    });
    const answer = await call(emu.url, 'PUT', '/apisix/admin/consumers', {
      headers: H,
      body: { username: 'b', plugins: { 'key-auth': { key: 'k' } } },
    });
    expect(answer.status).toBe(status);
  });

  it.each([
    ['3.17.0', 'double'],
    ['3.18.0', 'single'],
  ])('encrypts a PATCHed redis password once from 3.18 (%s)', async (version, expected) => {
    const emu = await at(version);
    const plugins = {
      'limit-count': {
        count: 1,
        time_window: 1,
        policy: 'redis',
        redis_host: '127.0.0.1',
        redis_password: 'pw',
      },
    };
    const put = await call(emu.url, 'PUT', '/apisix/admin/routes/r1', {
      headers: H,
      body: { uri: '/a', upstream: UPSTREAM, plugins },
    });
    await call(emu.url, 'PATCH', '/apisix/admin/routes/r1', { headers: H, body: { desc: 'x' } });
    const get = await call(emu.url, 'GET', '/apisix/admin/routes/r1', { headers: H });
    const password = (a: typeof put) =>
      (a.json as { value: { plugins: { 'limit-count': { redis_password: string } } } }).value
        .plugins['limit-count'].redis_password;
    expect(password(get) === 'pw' ? 'single' : 'double').toBe(expected);
    expect(password(put)).not.toBe('pw');
  });
});
