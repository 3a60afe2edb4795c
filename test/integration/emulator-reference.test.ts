import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../lib/emulator/apisix-admin/index.js';
import { call } from '../unit/emulator/http-support.js';

const KEY = 'reference-admin-key';
const H = { 'X-API-KEY': KEY };
const UPSTREAM = { type: 'roundrobin', nodes: { '127.0.0.1:1980': 1 } };

let apisix: EmulatorHandle | undefined;
afterEach(async () => {
  await apisix?.close();
  apisix = undefined;
});

async function start(version = '3.18.0', extra: Parameters<typeof startEmulator>[0] = {}) {
  apisix = await startEmulator({ version, adminKey: KEY, ...extra });
  return apisix;
}

type Step = [method: string, path: string, body?: unknown, headers?: Record<string, string>];

/** Runs `setup` steps, then `act`; returns the last answer. */
async function scenario(version: string, setup: Step[], act: Step, extra = {}) {
  const emu = await start(version, extra);
  for (const [method, path, body, headers] of setup)
    await call(emu.url, method, path, { body, headers: headers ?? H });
  const [method, path, body, headers] = act;
  return call(emu.url, method, path, { body, headers: headers ?? H });
}

describe('emulator reference behaviours (t/admin/*.t)', () => {
  it.each<[string, string, Step[], Step, number, unknown]>([
    [
      'viewer keys may only GET (token.t 8)',
      '3.18.0',
      [],
      [
        'PUT',
        '/apisix/admin/routes/r1',
        { uri: '/a', upstream: UPSTREAM },
        { 'X-API-KEY': 'viewer' },
      ],
      401,
      { error_msg: 'failed to check token', description: 'invalid method for role viewer' },
    ],
    [
      'a double ?? hides the key (token.t 9)',
      '3.18.0',
      [],
      ['GET', `/apisix/admin/routes??api_key=${KEY}`, undefined, {}],
      401,
      { error_msg: 'failed to check token', description: 'missing apikey' },
    ],
    [
      'an empty ?api_key= overrides a good header',
      '3.18.0',
      [],
      ['GET', '/apisix/admin/routes?api_key=', undefined, H],
      401,
      { error_msg: 'failed to check token', description: 'wrong apikey' },
    ],
    [
      '401 has no description before 3.10',
      '3.8.0',
      [],
      ['GET', '/apisix/admin/routes', undefined, {}],
      401,
      { error_msg: 'failed to check token' },
    ],
    [
      'POST with an id in the URL (routes.t 17)',
      '3.18.0',
      [],
      ['POST', '/apisix/admin/routes/r1', { uri: '/a', upstream: UPSTREAM }],
      400,
      { error_msg: 'wrong route id, do not need it' },
    ],
    [
      'PUT on the collection without id',
      '3.18.0',
      [],
      ['PUT', '/apisix/admin/services', {}],
      400,
      { error_msg: 'missing service id' },
    ],
    [
      'forbidden upstream.create_time (services.t 34)',
      '3.18.0',
      [],
      ['PUT', '/apisix/admin/services/s1', { upstream: { ...UPSTREAM, create_time: 1 } }],
      400,
      { error_msg: 'the property is forbidden:  upstream.create_time' },
    ],
    [
      'forbidden plugins.update_time',
      '3.18.0',
      [],
      ['PUT', '/apisix/admin/services/s1', { plugins: { update_time: 1 } }],
      400,
      { error_msg: 'the property is forbidden:  plugins.update_time' },
    ],
    [
      'credential of a missing consumer (credentials.t 1)',
      '3.18.0',
      [],
      [
        'PUT',
        '/apisix/admin/consumers/nobody/credentials/c1',
        { plugins: { 'key-auth': { key: 'k' } } },
      ],
      404,
      { error_msg: 'consumer not found' },
    ],
    [
      'credential with two plugins',
      '3.18.0',
      [['PUT', '/apisix/admin/consumers', { username: 'jack' }]],
      [
        'PUT',
        '/apisix/admin/consumers/jack/credentials/c1',
        { plugins: { 'key-auth': { key: 'a' }, 'basic-auth': { username: 'u', password: 'p' } } },
      ],
      400,
      {
        error_msg:
          'invalid configuration: property "plugins" validation failed: expect object to have at most 1 properties',
      },
    ],
    [
      'credential with a non-auth plugin',
      '3.18.0',
      [['PUT', '/apisix/admin/consumers', { username: 'jack' }]],
      [
        'PUT',
        '/apisix/admin/consumers/jack/credentials/c1',
        { plugins: { 'limit-count': { count: 1, time_window: 1 } } },
      ],
      400,
      { error_msg: 'only supports auth type plugins in consumer credential' },
    ],
    [
      'a credential may not reuse its consumer key (3.18)',
      '3.18.0',
      [
        [
          'PUT',
          '/apisix/admin/consumers',
          { username: 'jack', plugins: { 'key-auth': { key: 'same' } } },
        ],
      ],
      [
        'PUT',
        '/apisix/admin/consumers/jack/credentials/c1',
        { plugins: { 'key-auth': { key: 'same' } } },
      ],
      400,
      { error_msg: 'duplicate key of plugin key-auth found with consumer: jack' },
    ],
    [
      'consumer username must match the URL (consumers2.t 5)',
      '3.18.0',
      [],
      ['PUT', '/apisix/admin/consumers/jack1', { username: 'jack' }],
      400,
      { error_msg: 'wrong username' },
    ],
    [
      'consumer plugins unknown',
      '3.18.0',
      [],
      ['PUT', '/apisix/admin/consumers', { username: 'jack', plugins: { foo: {} } }],
      400,
      { error_msg: 'invalid plugins configuration: unknown plugin [foo]' },
    ],
    [
      'plugin metadata of an unknown plugin',
      '3.18.0',
      [],
      ['PUT', '/apisix/admin/plugin_metadata/foo', {}],
      400,
      { error_msg: 'invalid plugin name' },
    ],
    [
      'unknown secret manager',
      '3.18.0',
      [],
      ['PUT', '/apisix/admin/secrets/nope/s1', { uri: 'http://x' }],
      400,
      { error_msg: 'invalid secret manager: nope' },
    ],
    [
      'the schema name must be plural in /schema/validate',
      '3.18.0',
      [],
      ['POST', '/apisix/admin/schema/validate/route', { uri: '/a' }],
      404,
      { error_msg: 'Unsupported resource type: route' },
    ],
    [
      'an unknown core schema',
      '3.18.0',
      [],
      ['GET', '/apisix/admin/schema/nope'],
      400,
      { error_msg: 'not found schema: nope' },
    ],
    [
      'PUT on /plugins has no method',
      '3.18.0',
      [],
      ['PUT', '/apisix/admin/plugins/key-auth', {}],
      404,
      { error_msg: 'not found' },
    ],
    [
      'reload needs PUT',
      '3.18.0',
      [],
      ['GET', '/apisix/admin/plugins/reload'],
      405,
      { error_msg: 'please use PUT method to reload the plugins, GET method is not allowed.' },
    ],
    [
      'a non-numeric ttl on GET',
      '3.18.0',
      [],
      ['GET', '/apisix/admin/routes?ttl=x'],
      400,
      { error_msg: 'invalid argument ttl: should be a number' },
    ],
    [
      'sub-path PATCH through a string joins with 1',
      '3.18.0',
      [['PUT', '/apisix/admin/routes/r1', { uri: '/a', name: 'n', upstream: UPSTREAM }]],
      ['PATCH', '/apisix/admin/routes/r1/name/x', '"v"'],
      400,
      { error_msg: 'invalid sub-path: /name1x' },
    ],
    [
      'whole-object PATCH with an array',
      '3.18.0',
      [['PUT', '/apisix/admin/routes/r1', { uri: '/a', upstream: UPSTREAM }]],
      ['PATCH', '/apisix/admin/routes/r1', [1, 2]],
      400,
      { error_msg: 'invalid configuration: additional properties forbidden, found 1' },
    ],
    [
      'PATCH without body',
      '3.18.0',
      [['PUT', '/apisix/admin/routes/r1', { uri: '/a', upstream: UPSTREAM }]],
      ['PATCH', '/apisix/admin/routes/r1'],
      400,
      { error_msg: 'missing new configuration' },
    ],
    [
      'upstream used by traffic-split (upstream5.t)',
      '3.18.0',
      [
        ['PUT', '/apisix/admin/upstreams/u1', UPSTREAM],
        [
          'PUT',
          '/apisix/admin/services/s1',
          {
            plugins: {
              'traffic-split': {
                rules: [{ weighted_upstreams: [{ upstream_id: 'u1', weight: 1 }] }],
              },
            },
          },
        ],
      ],
      ['DELETE', '/apisix/admin/upstreams/u1'],
      400,
      { error_msg: 'can not delete this upstream, plugin in service [s1] is still using it now' },
    ],
    [
      'consumer group in use',
      '3.18.0',
      [
        ['PUT', '/apisix/admin/consumer_groups/g1', { plugins: { prometheus: {} } }],
        ['PUT', '/apisix/admin/consumers', { username: 'foobar', group_id: 'g1' }],
      ],
      ['DELETE', '/apisix/admin/consumer_groups/g1'],
      400,
      { error_msg: 'can not delete this consumer group, consumer [foobar] is still using it now' },
    ],
    [
      'plugin config in use',
      '3.18.0',
      [
        ['PUT', '/apisix/admin/plugin_configs/1', { plugins: { prometheus: {} } }],
        ['PUT', '/apisix/admin/routes/1', { uri: '/a', plugin_config_id: '1', upstream: UPSTREAM }],
      ],
      ['DELETE', '/apisix/admin/plugin_configs/1?force=anyvalue'],
      400,
      { error_msg: 'can not delete this plugin config, route [1] is still using it now' },
    ],
    [
      'an integer upstream_id blocks the string id',
      '3.18.0',
      [
        ['PUT', '/apisix/admin/upstreams/1', UPSTREAM],
        ['PUT', '/apisix/admin/routes/1', { uri: '/a', upstream_id: 1 }],
      ],
      ['DELETE', '/apisix/admin/upstreams/1'],
      400,
      { error_msg: 'can not delete this upstream, route [1] is still using it now' },
    ],
    [
      'client_cert_id of a server SSL',
      '3.18.0',
      [],
      ['PUT', '/apisix/admin/upstreams/u1', { ...UPSTREAM, tls: { client_cert_id: 'nope' } }],
      400,
      { error_msg: 'failed to fetch ssl info by ssl id [nope], response code: 404' },
    ],
    [
      'consumer group reference',
      '3.18.0',
      [],
      ['PUT', '/apisix/admin/consumers', { username: 'jack', group_id: 'nope' }],
      400,
      {
        error_msg:
          'failed to fetch consumer group info by consumer group id [nope], response code: 404',
      },
    ],
    [
      'health checks need active (health-check.t)',
      '3.13.0',
      [],
      ['PUT', '/apisix/admin/upstreams/u1', { ...UPSTREAM, checks: { passive: {} } }],
      400,
      {
        error_msg:
          'invalid configuration: property "checks" validation failed: object matches none of the required: ["active"] or ["active","passive"]',
      },
    ],
    [
      'name over 100 characters on 3.13',
      '3.13.0',
      [],
      ['PUT', '/apisix/admin/routes/r1', { uri: '/a', name: 'x'.repeat(257), upstream: UPSTREAM }],
      400,
      {
        error_msg:
          'invalid configuration: property "name" validation failed: string too long, expected at most 100, got 257',
      },
    ],
    [
      'name over 256 characters on 3.18',
      '3.18.0',
      [],
      ['PUT', '/apisix/admin/routes/r1', { uri: '/a', name: 'x'.repeat(257), upstream: UPSTREAM }],
      400,
      {
        error_msg:
          'invalid configuration: property "name" validation failed: string too long, expected at most 256, got 257',
      },
    ],
    [
      'stream route pointing at itself',
      '3.18.0',
      [],
      [
        'PUT',
        '/apisix/admin/stream_routes/1',
        { upstream: UPSTREAM, protocol: { name: 'redis', superior_id: 1 } },
      ],
      400,
      { error_msg: 'stream route can not set itself as superior_id' },
    ],
  ])('answers %s', async (_name, version, setup, act, status, body) => {
    const answer = await scenario(version, setup, act, { viewerKey: 'viewer', streamMode: true });
    expect(answer.status).toBe(status);
    expect(answer.json).toEqual(body);
  });

  it('keeps the JSON type of an id given only in the body (routes2.t 6)', async () => {
    const emu = await start();
    const put = await call(emu.url, 'PUT', '/apisix/admin/routes', {
      headers: H,
      body: { id: 1, uri: '/a', upstream: UPSTREAM },
    });
    const byUrl = await call(emu.url, 'PUT', '/apisix/admin/routes/2', {
      headers: H,
      body: { id: 2, uri: '/b', upstream: UPSTREAM },
    });
    expect([put.status, (put.json as { value: { id: unknown } }).value.id]).toEqual([201, 1]);
    expect((byUrl.json as { value: { id: unknown } }).value.id).toBe('2');
  });

  it('lets every request through when admin_key_required is false (api.t 13)', async () => {
    const emu = await start('3.18.0', { adminKeyRequired: false });
    const answer = await call(emu.url, 'GET', '/apisix/admin/routes', {
      headers: { 'X-API-KEY': 'wrong' },
    });
    expect([answer.status, answer.json]).toEqual([200, { list: [], total: 0 }]);
  });

  it('answers the CORS preflight before auth and routing', async () => {
    const emu = await start();
    const answer = await call(emu.url, 'OPTIONS', '/apisix/admin/anything');
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-methods']).toBe(
      'POST, GET, PUT, OPTIONS, DELETE, PATCH',
    );
    expect(answer.headers['access-control-expose-headers']).toBeUndefined();
  });

  it('answers TRACE with the nginx 405 page', async () => {
    const emu = await start();
    const answer = await call(emu.url, 'TRACE', '/apisix/admin/routes');
    expect([answer.status, answer.headers['content-type']]).toEqual([
      405,
      'text/html; charset=utf-8',
    ]);
    expect(answer.text).toContain('<title>405 Not Allowed</title>');
  });

  it('filters names as unanchored regexes and treats an empty label as no match (filter.t 6, 15)', async () => {
    const emu = await start();
    for (const id of ['1', '2', '10', '11']) {
      await call(emu.url, 'PUT', `/apisix/admin/routes/${id}`, {
        headers: H,
        body: { uri: `/${id}`, name: id, upstream: UPSTREAM },
      });
    }
    const byName = await call(emu.url, 'GET', '/apisix/admin/routes?name=1', { headers: H });
    const byLabel = await call(emu.url, 'GET', '/apisix/admin/routes?label=', { headers: H });
    expect((byName.json as { total: number }).total).toBe(3);
    expect((byLabel.json as { total: number }).total).toBe(0);
  });

  it('stores an empty-array service body as is', async () => {
    const emu = await start();
    const answer = await call(emu.url, 'PUT', '/apisix/admin/services/s3', {
      headers: H,
      body: [],
    });
    expect([answer.status, answer.json]).toEqual([201, { key: '/apisix/services/s3', value: [] }]);
  });

  it('answers 500 HTML for a JSON null body', async () => {
    const emu = await start();
    const answer = await call(emu.url, 'PUT', '/apisix/admin/services/s4', {
      headers: H,
      body: 'null',
    });
    expect([answer.status, answer.headers['content-type']]).toEqual([
      500,
      'text/html; charset=utf-8',
    ]);
  });

  it('ignores segments after the id on GET', async () => {
    const emu = await start();
    await call(emu.url, 'PUT', '/apisix/admin/routes/r1', {
      headers: H,
      body: { uri: '/a', upstream: UPSTREAM },
    });
    const answer = await call(emu.url, 'GET', '/apisix/admin/routes/r1/uri', { headers: H });
    expect((answer.json as { value: { uri: string } }).value.uri).toBe('/a');
  });

  it('accepts an invalid plugin configuration disabled through _meta on 3.18', async () => {
    const emu = await start();
    const body = {
      uri: '/a',
      upstream: UPSTREAM,
      plugins: { 'limit-count': { count: -1, _meta: { disable: true } } },
    };
    const answer = await call(emu.url, 'PUT', '/apisix/admin/routes/r1', { headers: H, body });
    expect(answer.status).toBe(201);
  });
});
