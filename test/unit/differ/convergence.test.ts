/**
 * Re-syncing an unchanged configuration plans nothing on either gateway version, and every
 * removal is planned on both: real recorded pairs, a hand-built configuration in 3.13 and 3.18
 * shapes, and removal of each optional field kind.
 */
import { describe, expect, it } from 'vitest';
import type { Resource, ResourceType } from '../../../lib/config/resources-types.js';
import { defaultsFromJsonSchema, diff } from '../../../lib/differ/index.js';
import type { Defaults } from '../../../lib/differ/types.js';
import { live313 } from '../../fixtures/differ/live313.js';
import recorded from '../../fixtures/differ/recorded-pairs.json' with { type: 'json' };
import {
  consumer,
  credential,
  deepFreeze,
  globalRule,
  inlineUpstream,
  live318,
  namedUpstream,
  pluginMetadata,
  route,
  service,
  ssl,
  streamRoute,
} from '../../fixtures/differ/resources.js';
import schemas from '../../fixtures/differ/schemas-3.13.0.json' with { type: 'json' };

interface Pair {
  scenario: string;
  type: string;
  id: string;
  parentId?: string;
  desired: Record<string, unknown>;
  live: Record<string, unknown>;
}

function toResources(pair: Pair): [Resource, Resource] {
  const base = { type: pair.type as ResourceType, id: pair.id, name: pair.id };
  const withParent = pair.parentId ? { ...base, parentId: pair.parentId } : base;
  return [
    { ...withParent, value: pair.desired },
    { ...withParent, value: pair.live },
  ];
}

const pairs = Object.entries(recorded.pairs).flatMap(([version, list]) =>
  (list as Pair[]).map(
    (pair) => [`${version} ${pair.scenario} ${pair.type} ${pair.id}`, pair] as const,
  ),
);

/** Defaults as the backend would derive them from the recorded 3.13 schemas. */
const gatewayDefaults: Defaults = {
  core: { route: defaultsFromJsonSchema(schemas.schemas['/schema/route']) },
  plugins: {
    'key-auth': defaultsFromJsonSchema(schemas.schemas['/plugins/key-auth']),
    'limit-count': defaultsFromJsonSchema(schemas.schemas['/plugins/limit-count']),
  },
  consumerPlugins: {
    'key-auth': defaultsFromJsonSchema(schemas.schemas['/plugins/key-auth?schema_type=consumer']),
  },
};

const fullConfig: Resource[] = [
  service('httpbin', {
    hosts: ['a.example.com'],
    plugins: { cors: {}, 'limit-count': { count: 9, time_window: 1 } },
  }),
  inlineUpstream('httpbin', {
    nodes: [
      { host: 'n1.example.com', port: 80, weight: 100 },
      { host: 'n2.example.com', port: 80, weight: 50 },
    ],
  }),
  namedUpstream('httpbin', 'backup'),
  route('httpbin', 'get', {
    desc: 'reads',
    hosts: ['a.example.com'],
    methods: ['GET'],
    plugins: { 'proxy-rewrite': { uri: '/anything' }, 'key-auth': {} },
  }),
  route('httpbin', 'post', { methods: ['POST'], plugins: { 'request-id': {} } }),
  streamRoute('tcp', 'echo'),
  ssl(['www.example.com']),
  consumer('alice', { desc: 'first', plugins: { 'key-auth': { key: 'alice-key' } } }),
  credential('alice', 'jwt', { 'jwt-auth': { key: 'alice', secret: 'alice-secret' } }),
  globalRule('prometheus', {}),
  globalRule('http-logger', { uri: 'http://logs.example.com' }),
  pluginMetadata('http-logger', { log_format: { host: '$host' } }),
];

const shapes = [
  ['3.13', (r: Resource) => live313(r)],
  ['3.13 with map nodes', (r: Resource) => live313(r, { nodesAsMap: true })],
  ['3.18', live318],
] as const;

describe('diff convergence', () => {
  it.each(pairs)('plans nothing for the recorded pair %s', (_name, pair) => {
    // Prepare
    const [desired, live] = toResources(pair);

    // Act, Assess: with the built-in table and with defaults pruned from the gateway's schemas.
    expect(diff([desired], [live])).toEqual([]);
    expect(diff([desired], [live], { defaults: gatewayDefaults })).toEqual([]);
  });

  it.each(shapes)('plans nothing for an unchanged configuration on %s', (_name, shape) => {
    const desired = deepFreeze(structuredClone(fullConfig));
    const live = deepFreeze(fullConfig.map(shape));

    expect(diff(desired, live, { prune: 'all' })).toEqual([]);
  });
});

type Removal = readonly [string, number, (value: Record<string, unknown>) => void, string];

const removals: Removal[] = [
  ['hosts from a route', 3, (v) => delete v.hosts, 'hosts'],
  [
    'a plugin from a route',
    3,
    (v) => delete (v.plugins as Record<string, unknown>)['key-auth'],
    'plugins.key-auth',
  ],
  [
    'a label from a service',
    0,
    (v) => delete (v.labels as Record<string, unknown>)['managed-by'],
    'labels',
  ],
  ['a node from an upstream', 1, (v) => (v.nodes as unknown[]).pop(), 'nodes[1]'],
  ['desc from a consumer', 7, (v) => delete v.desc, 'desc'],
  [
    'a plugin field from a service',
    0,
    (v) => delete (v.plugins as Record<string, Record<string, unknown>>)['limit-count']?.count,
    'plugins.limit-count.count',
  ],
];

describe('diff removal detection', () => {
  describe.each(shapes)('on %s', (_shape, shape) => {
    it.each(removals)('plans an update when %s is removed', (_what, index, remove, path) => {
      // Prepare
      const live = fullConfig.map(shape);
      const desired = structuredClone(fullConfig);
      const target = desired[index] as Resource;
      remove(target.value);

      // Act
      const events = diff(desired, live);

      // Assess
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'update',
        resourceId: target.id,
        resourceType: target.type,
      });
      expect(events[0]?.changes?.map((c) => c.path)).toEqual([path]);
    });
  });
});
