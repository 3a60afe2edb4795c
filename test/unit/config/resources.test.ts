import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type AdcConfig,
  fromResources,
  lintConfig,
  loadConfigTexts,
  type Resource,
  toResources,
} from '../../../lib/config/index.js';

const SVC = '1cce0451c1506aebd20dc38421c5cc856493e694'; // sha1('httpbin')
const node = { host: 'httpbin.org', port: 443, weight: 1 };
const cert = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(140)}\n-----END CERTIFICATE-----`;

const byKey = (resources: Resource[]) =>
  Object.fromEntries(resources.map((r) => [`${r.type}:${r.name}`, r]));

describe('toResources', () => {
  it('maps a service, its inline and named upstreams and its routes as ADC does', () => {
    // Prepare
    const config: AdcConfig = {
      services: [
        {
          name: 'httpbin',
          description: 'd',
          labels: { team: 'web', envs: ['a', 'b'] },
          hosts: ['a.com'],
          path_prefix: '/p',
          upstream: { name: 'ignored', description: 'up', nodes: [node], scheme: 'https' },
          upstreams: [{ name: 'canary', nodes: [node] }],
          routes: [{ name: 'get', description: 'g', uris: ['/get'], methods: ['GET'] }],
        },
      ],
    };

    // Act
    const r = byKey(toResources(config));

    // Assess
    expect(r['service:httpbin']).toEqual({
      type: 'service',
      id: SVC,
      name: 'httpbin',
      value: {
        name: 'httpbin',
        desc: 'd',
        labels: { team: 'web', envs: '["a","b"]' },
        upstream_id: SVC,
        hosts: ['a.com'],
      },
    });
    expect(r['upstream:httpbin']).toEqual({
      type: 'upstream',
      id: SVC,
      name: 'httpbin',
      parentId: SVC,
      value: { name: 'httpbin', nodes: [node], scheme: 'https', desc: 'up' },
    });
    expect(r['upstream:canary']?.value).toEqual({
      name: 'canary',
      nodes: [node],
      labels: { __ADC_UPSTREAM_SERVICE_ID: SVC },
    });
    expect(r['upstream:canary']?.parentId).toBe(SVC);
    expect(r['route:get']).toEqual({
      type: 'route',
      id: createHash('sha1').update('httpbin.get').digest('hex'),
      name: 'get',
      parentId: SVC,
      value: {
        name: 'get',
        desc: 'g',
        uris: ['/get'],
        methods: ['GET'],
        service_id: SVC,
        status: 1,
      },
    });
  });

  it('writes no upstream_id for a service without an inline upstream', () => {
    const [service] = toResources({ services: [{ name: 'httpbin' }] });
    expect(service?.value).toEqual({ name: 'httpbin' });
  });

  it.each([
    ['3.13.0', { __ADC_NAME: 's' }],
    ['3.8.0', { __ADC_NAME: 's' }],
    ['3.7.0', undefined],
  ])('keeps the stream route name in __ADC_NAME only from 3.8 (APISIX %s)', (version, labels) => {
    const resources = toResources(
      { services: [{ name: 'tcp', stream_routes: [{ name: 's', server_port: 9000 }] }] },
      { apisixVersion: version },
    );
    expect(resources[1]?.value).toEqual({
      server_port: 9000,
      service_id: createHash('sha1').update('tcp').digest('hex'),
      ...(labels ? { labels } : {}),
    });
  });

  it('maps SSL certificates to cert/key and certs/keys with status and the digest label', () => {
    // Prepare
    const certificates = [
      { certificate: cert, key: '$env://KEY_A' },
      { certificate: '$secret://vault/b/cert', key: '$secret://vault/b/key' },
    ];
    const digest = createHash('sha256');
    for (const c of certificates)
      digest.update(c.certificate).update('\0').update(c.key).update('\0');

    // Act
    const [ssl] = toResources({
      ssls: [{ snis: ['a.com', 'b.com'], labels: { x: 'y' }, certificates }],
    });

    // Assess
    expect(ssl).toEqual({
      type: 'ssl',
      id: createHash('sha1').update('a.com,b.com').digest('hex'),
      name: 'a.com,b.com',
      value: {
        labels: { x: 'y', __APISYNC_CERT_DIGEST: digest.digest('hex').slice(0, 32) },
        status: 1,
        snis: ['a.com', 'b.com'],
        cert,
        key: '$env://KEY_A',
        certs: ['$secret://vault/b/cert'],
        keys: ['$secret://vault/b/key'],
      },
    });
  });

  it('changes the digest label when only a key changes', () => {
    const ssl = (key: string) =>
      toResources({ ssls: [{ snis: ['a.com'], certificates: [{ certificate: cert, key }] }] })[0]
        ?.value.labels;
    expect(ssl('$env://OLD')).not.toEqual(ssl('$env://NEW'));
  });

  it('maps consumers, credentials, global rules and plugin metadata', () => {
    const resources = toResources({
      consumers: [
        {
          username: 'alice',
          description: 'A',
          plugins: { p: {} },
          credentials: [{ name: 'k', type: 'key-auth', config: { key: 'x' } }],
        },
      ],
      global_rules: { cors: { allow_origins: '*' } },
      plugin_metadata: { 'http-logger': { log_format: {} } },
    });
    expect(resources).toEqual([
      {
        type: 'consumer',
        id: 'alice',
        name: 'alice',
        value: { username: 'alice', desc: 'A', plugins: { p: {} } },
      },
      {
        type: 'consumer_credential',
        id: createHash('sha1').update('alice.k').digest('hex'),
        name: 'k',
        parentId: 'alice',
        value: { name: 'k', plugins: { 'key-auth': { key: 'x' } } },
      },
      {
        type: 'global_rule',
        id: 'cors',
        name: 'cors',
        value: { plugins: { cors: { allow_origins: '*' } } },
      },
      {
        type: 'plugin_metadata',
        id: 'http-logger',
        name: 'http-logger',
        value: { log_format: {} },
      },
    ]);
  });
});

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/config/valid',
);

describe('fromResources', () => {
  it.each(readdirSync(root).sort())(
    'round-trips valid/%s: toResources(fromResources(x)) equals x',
    (file) => {
      // Prepare
      const loaded = loadConfigTexts(
        [{ path: file, content: readFileSync(path.join(root, file), 'utf8') }],
        { env: {} },
      );
      const desired = toResources(lintConfig(loaded.config), { apisixVersion: '3.13.0' });

      // Act
      const again = toResources(fromResources(desired), { apisixVersion: '3.13.0' });

      // Assess
      expect(again.sort(order)).toEqual([...desired].sort(order));
    },
  );

  it('drops server fields and internal labels and reads APISIX short forms', () => {
    const svc = createHash('sha1').update('web').digest('hex');
    const config = fromResources([
      {
        type: 'service',
        id: svc,
        name: 'web',
        value: {
          name: 'web',
          upstream_id: svc,
          create_time: 1,
          update_time: 2,
          labels: { 'managed-by': 'adc' },
        },
      },
      {
        type: 'upstream',
        id: svc,
        name: 'web',
        value: { name: 'web', nodes: { 'h:8080': 1, other: 2 }, scheme: 'https', create_time: 1 },
      },
      {
        type: 'route',
        id: 'custom',
        name: 'r',
        value: {
          name: 'r',
          uri: '/x',
          host: 'a.com',
          service_id: svc,
          status: 1,
          labels: { __ADC_X: '1' },
        },
      },
      {
        type: 'ssl',
        id: createHash('sha1').update('a.com').digest('hex'),
        name: 'a.com',
        value: { sni: 'a.com', cert, status: 1, labels: { __APISYNC_CERT_DIGEST: 'x' } },
      },
      { type: 'plugin_metadata', id: 'p', name: 'p', value: { id: 'p', a: 1 } },
    ]);
    expect(config).toEqual({
      services: [
        {
          name: 'web',
          labels: { 'managed-by': 'adc' },
          upstream: {
            nodes: [
              { host: 'h', port: 8080, weight: 1 },
              { host: 'other', port: 443, weight: 2 },
            ],
            scheme: 'https',
          },
          routes: [{ id: 'custom', name: 'r', uris: ['/x'], hosts: ['a.com'] }],
        },
      ],
      ssls: [{ snis: ['a.com'], certificates: [{ certificate: cert }] }],
      plugin_metadata: { p: { a: 1 } },
    });
  });
});

const order = (a: Resource, b: Resource) => `${a.type}/${a.id}`.localeCompare(`${b.type}/${b.id}`);
