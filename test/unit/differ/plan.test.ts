import { describe, expect, it } from 'vitest';
import type { ResourceType } from '../../../lib/config/resources-types.js';
import { diff, formatPlan, ORDER, summarize } from '../../../lib/differ/index.js';
import type { DiffEvent } from '../../../lib/differ/types.js';
import { consumer, credential, live318, route, ssl } from '../../fixtures/differ/resources.js';

const PEM_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';

function update(changes: DiffEvent['changes'], extra: Partial<DiffEvent> = {}): DiffEvent {
  return {
    type: 'update',
    resourceType: 'route',
    resourceId: 'r',
    resourceName: 'get',
    parentId: 's',
    parentName: 'httpbin',
    changes,
    ...extra,
  };
}

describe('formatPlan', () => {
  it.each([
    [
      'a changed plugin field',
      update([{ path: 'plugins.cors.max_age', before: 5, after: 10 }]),
      ['~ route httpbin.get  plugins.cors.max_age: 5 → 10'],
    ],
    [
      'an added and a removed field',
      update([
        { path: 'hosts', after: ['a.example.com'] },
        { path: 'desc', before: 'old' },
      ]),
      [
        '~ route httpbin.get  hosts: (absent) → ["a.example.com"]',
        '~ route httpbin.get  desc: "old" → (absent)',
      ],
    ],
    [
      'a rotated credential key, masked',
      update([{ path: 'plugins.key-auth.key', before: 'k1', after: 'k2' }], {
        resourceType: 'consumer_credential',
        resourceName: 'primary',
        parentName: 'alice',
      }),
      ['~ consumer_credential alice.primary  plugins.key-auth.key: "[REDACTED]" → "[REDACTED]"'],
    ],
    [
      'secrets nested in an added plugin',
      update([{ path: 'plugins.basic-auth', after: { username: 'u', password: 'p' } }]),
      [
        '~ route httpbin.get  plugins.basic-auth: (absent) → {"username":"u","password":"[REDACTED]"}',
      ],
    ],
    [
      'a bracketed label path',
      update([{ path: 'labels["app.kubernetes.io/token"]', before: 'a', after: 'b' }]),
      ['~ route httpbin.get  labels["app.kubernetes.io/token"]: "[REDACTED]" → "[REDACTED]"'],
    ],
  ])('renders %s', (_name, event, lines) => {
    expect(formatPlan([event])).toEqual(lines);
  });

  it('masks a PEM private key under a key name that does not look secret', () => {
    const [line] = formatPlan([update([{ path: 'tls.client_cert', after: PEM_KEY }])]);

    expect(line).toContain('[REDACTED]');
    expect(line).not.toContain('MIIEvQ');
  });

  it('renders creates and deletes as one line each and never prints an SSL key', () => {
    // Prepare
    const desired = [ssl(['www.example.com'], PEM_KEY), route('httpbin', 'get')];
    const live = [live318(consumer('bob'))];

    // Act
    const text = formatPlan(diff(desired, live)).join('\n');

    // Assess
    expect(text).toBe(['- consumer bob', '+ ssl www.example.com', '+ route get'].join('\n'));
    expect(text).not.toContain('MIIEvQ');
  });
});

describe('summarize', () => {
  it('counts events per operation and per resource type', () => {
    const events = diff(
      [consumer('alice', { desc: 'x' }), credential('alice', 'c', { 'key-auth': { key: 'k' } })],
      [live318(consumer('alice')), live318(consumer('bob'))],
    );

    expect(summarize(events)).toEqual({
      create: 1,
      update: 1,
      delete: 1,
      total: 3,
      byType: {
        consumer: { create: 0, update: 1, delete: 1 },
        consumer_credential: { create: 1, update: 0, delete: 0 },
      },
    });
  });

  it('returns zeros for an empty plan', () => {
    expect(summarize([])).toEqual({ create: 0, update: 0, delete: 0, total: 0, byType: {} });
  });
});

describe('ORDER', () => {
  const rank = (key: string) => ORDER.indexOf(key as (typeof ORDER)[number]);
  it.each([
    ['consumer_credential.delete', 'consumer.delete'],
    ['route.delete', 'service.delete'],
    ['stream_route.delete', 'service.delete'],
    ['service.delete', 'upstream.delete'],
    ['upstream.delete', 'ssl.delete'],
    ['ssl.create', 'upstream.create'],
    ['ssl.update', 'upstream.create'],
    ['upstream.create', 'service.create'],
    ['service.create', 'route.create'],
    ['service.create', 'stream_route.create'],
    ['consumer.create', 'consumer_credential.create'],
    ['route.update', 'service.delete'],
    ['consumer_credential.update', 'global_rule.create'],
    ['global_rule.update', 'plugin_metadata.create'],
  ])('puts %s before %s', (first, second) => {
    expect(rank(first)).toBeGreaterThanOrEqual(0);
    expect(rank(first)).toBeLessThan(rank(second));
  });

  it('has exactly one slot per resource type and operation', () => {
    const types: ResourceType[] = [
      'service',
      'route',
      'stream_route',
      'upstream',
      'ssl',
      'consumer',
      'consumer_credential',
      'global_rule',
      'plugin_metadata',
    ];
    const all = types.flatMap((t) => ['create', 'update', 'delete'].map((op) => `${t}.${op}`));
    expect([...ORDER].sort()).toEqual(all.sort());
  });
});
