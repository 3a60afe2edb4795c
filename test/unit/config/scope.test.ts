import { describe, expect, it } from 'vitest';
import {
  type AdcConfig,
  applyScope,
  filterInScope,
  type Resource,
  resourceInScope,
  toResources,
} from '../../../lib/config/index.js';
import { ConfigError } from '../../../lib/errors.js';

const node = { host: 'h', port: 80, weight: 1 };
const config: AdcConfig = Object.freeze({
  services: [
    {
      name: 'web',
      labels: { team: 'old', keep: 'yes' },
      upstream: { nodes: [node] },
      upstreams: [{ name: 'canary', nodes: [node] }],
      routes: [{ name: 'r', uris: ['/'] }],
    },
    { name: 'tcp', upstream: { nodes: [node] }, stream_routes: [{ name: 's', server_port: 9000 }] },
  ],
  ssls: [{ snis: ['a.com'], certificates: [{ certificate: '$env://C', key: '$env://K' }] }],
  consumers: [
    { username: 'u', credentials: [{ name: 'k', type: 'key-auth', config: { key: 'x' } }] },
  ],
  consumer_groups: [{ name: 'g', plugins: {}, consumers: [{ username: 'g1' }] }],
  global_rules: { cors: {} },
  plugin_metadata: { 'http-logger': {} },
});

const typesOf = (c: AdcConfig, scope: Parameters<typeof applyScope>[1]) =>
  [
    ...new Set(filterInScope(toResources(applyScope(c, scope)), scope ?? {}).map((r) => r.type)),
  ].sort();

describe('applyScope', () => {
  it('merges the selector and managed-by into every labelled resource, nested ones included', () => {
    // Act
    const out = applyScope(config, { labelSelector: { team: 'web' } });

    // Assess
    const want = { team: 'web', 'managed-by': 'adc' };
    expect(out.services?.[0]?.labels).toEqual({ ...want, keep: 'yes' });
    expect(out.services?.[0]?.routes?.[0]?.labels).toEqual(want);
    expect(out.services?.[1]?.stream_routes?.[0]?.labels).toEqual(want);
    expect(out.ssls?.[0]?.labels).toEqual(want);
    expect(out.consumers?.[0]?.labels).toEqual(want);
    expect(out.consumer_groups?.[0]?.consumers?.[0]?.labels).toEqual(want);
    expect(out.services?.[0]?.upstream?.labels).toBeUndefined();
    expect(out.consumers?.[0]?.credentials?.[0]?.labels).toBeUndefined();
  });

  it('adds no labels key at all when there is nothing to add', () => {
    const out = applyScope({ services: [{ name: 'a' }] }, { managedByLabel: false });
    expect(out.services?.[0]).toEqual({ name: 'a' });
  });

  it.each([
    ['include route only', { includeResourceTypes: ['route' as const] }, ['route']],
    [
      'include stream_route only',
      { includeResourceTypes: ['stream_route' as const] },
      ['stream_route'],
    ],
    ['include upstream only', { includeResourceTypes: ['upstream' as const] }, ['upstream']],
    [
      'include consumer_credential only',
      { includeResourceTypes: ['consumer_credential' as const] },
      ['consumer_credential'],
    ],
    [
      'exclude route',
      { excludeResourceTypes: ['route' as const] },
      [
        'consumer',
        'consumer_credential',
        'global_rule',
        'plugin_metadata',
        'service',
        'ssl',
        'stream_route',
        'upstream',
      ],
    ],
    [
      'exclude service',
      { excludeResourceTypes: ['service' as const] },
      [
        'consumer',
        'consumer_credential',
        'global_rule',
        'plugin_metadata',
        'route',
        'ssl',
        'stream_route',
        'upstream',
      ],
    ],
    [
      'exclude consumer_credential',
      { excludeResourceTypes: ['consumer_credential' as const] },
      [
        'consumer',
        'global_rule',
        'plugin_metadata',
        'route',
        'service',
        'ssl',
        'stream_route',
        'upstream',
      ],
    ],
  ])('filters nested types too: %s', (_label, scope, types) => {
    expect(typesOf(config, scope)).toEqual(types);
  });

  it('keeps the service upstream_id when upstreams are out of scope', () => {
    const resources = filterInScope(
      toResources(applyScope(config, { excludeResourceTypes: ['upstream'] })),
      { excludeResourceTypes: ['upstream'] },
    );
    expect(resources.find((r) => r.type === 'service' && r.name === 'web')?.value.upstream_id).toBe(
      resources.find((r) => r.name === 'web')?.id,
    );
  });

  it.each([
    [
      'include and exclude together',
      { includeResourceTypes: ['route' as const], excludeResourceTypes: ['ssl' as const] },
    ],
    ['an unknown type', { includeResourceTypes: ['routes' as never] }],
  ])('rejects %s', (_label, scope) => {
    expect(() => applyScope(config, scope)).toThrow(ConfigError);
  });

  it('does not mutate the configuration', () => {
    const input = structuredClone(config);
    applyScope(input, { labelSelector: { a: 'b' }, excludeResourceTypes: ['route'] });
    expect(input).toEqual(config);
  });
});

const live = (
  type: Resource['type'],
  id: string,
  value: Record<string, unknown>,
  parentId?: string,
): Resource => ({ type, id, name: id, value, parentId });

describe('resourceInScope', () => {
  const scope = { labelSelector: { team: 'web' } };
  it.each([
    ['a route with the labels', live('route', 'r', { labels: { team: 'web', x: 'y' } }), true],
    ['a route without them', live('route', 'r', { labels: { team: 'api' } }), false],
    ['a service with no labels', live('service', 's', {}), false],
    [
      'a global rule (never label-filtered)',
      live('global_rule', 'cors', { plugins: { cors: {} } }),
      true,
    ],
    ['plugin metadata (never label-filtered)', live('plugin_metadata', 'p', {}), true],
    ['a service-owned upstream (follows its parent)', live('upstream', 's', {}, 's'), true],
    ['an upstream no service owns', live('upstream', 'u', {}), false],
    ['a credential (follows its consumer)', live('consumer_credential', 'c', {}, 'alice'), true],
  ])('decides %s', (_label, resource, expected) => {
    expect(resourceInScope(resource, scope)).toBe(expected);
  });
});

describe('filterInScope', () => {
  it('drops children whose parent fails the label selector', () => {
    const resources = [
      live('service', 's1', { labels: { team: 'web' } }),
      live('upstream', 's1', {}, 's1'),
      live('service', 's2', { labels: { team: 'api' } }),
      live('upstream', 's2', {}, 's2'),
      live('consumer', 'alice', { labels: { team: 'api' } }),
      live('consumer_credential', 'c', {}, 'alice'),
    ];
    expect(
      filterInScope(resources, { labelSelector: { team: 'web' } }).map((r) => `${r.type}/${r.id}`),
    ).toEqual(['service/s1', 'upstream/s1']);
  });
});
