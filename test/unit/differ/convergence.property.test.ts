/**
 * Property: for random valid configurations, the live state a gateway returns (3.18: verbatim;
 * 3.13: every schema default injected, nodes possibly as a map) diffs to `[]`, and removing a
 * plugin or a label is always planned as an update.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../../lib/config/resources-types.js';
import { builtinDefaults, diff } from '../../../lib/differ/index.js';
import type { SchemaDefaults } from '../../../lib/differ/types.js';
import {
  consumer,
  inlineUpstream,
  live318,
  route,
  service,
} from '../../fixtures/differ/resources.js';

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fills every absent default under present objects, as APISIX < 3.14's schema validator does. */
function inject(value: unknown, tree: SchemaDefaults | undefined): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => inject(item, tree?.items));
  }
  if (!isObject(value) || !tree?.properties) {
    return value;
  }
  const out: Body = { ...value };
  for (const [key, node] of Object.entries(tree.properties)) {
    if (out[key] === undefined && node.default !== undefined) {
      out[key] = structuredClone(node.default);
    } else if (out[key] !== undefined) {
      out[key] = inject(out[key], node);
    }
  }
  return out;
}

const defaults = builtinDefaults();

function live313(resource: Resource): Resource {
  const base = live318(resource);
  const core = defaults.core[resource.type];
  const value = inject(base.value, core) as Body;
  if (isObject(value.plugins) && resource.type !== 'consumer') {
    value.plugins = inject(value.plugins, { properties: defaults.plugins });
  }
  const nodes = value.nodes;
  if (Array.isArray(nodes) && nodes.every((n) => isObject(n) && n.priority === 0)) {
    value.nodes = Object.fromEntries(nodes.map((n: Body) => [`${n.host}:${n.port}`, n.weight]));
  }
  return { ...base, value };
}

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const pluginConf = fc.record(
  {
    'limit-count': fc.record(
      {
        count: fc.integer({ min: 1, max: 1000 }),
        time_window: fc.integer({ min: 1, max: 3600 }),
        rejected_code: fc.constantFrom(429, 503),
        show_limit_quota_header: fc.boolean(),
      },
      { requiredKeys: ['count', 'time_window'] },
    ),
    cors: fc.record(
      {
        max_age: fc.integer({ min: 0, max: 100 }),
        allow_origins: fc.constantFrom('*', 'https://a.example.com'),
      },
      { requiredKeys: [] },
    ),
    'key-auth': fc.record(
      { header: fc.constantFrom('apikey', 'x-key'), hide_credentials: fc.boolean() },
      { requiredKeys: [] },
    ),
    'proxy-rewrite': fc.record({ uri: fc.constantFrom('/a', '/b') }),
    'request-id': fc.record({ algorithm: fc.constantFrom('uuid', 'nanoid') }, { requiredKeys: [] }),
    prometheus: fc.constant({}),
  },
  { requiredKeys: [] },
);
const node = fc.record(
  {
    host: fc.constantFrom('n1.example.com', 'n2.example.com', '10.0.0.3'),
    port: fc.constantFrom(80, 8080),
    weight: fc.integer({ min: 0, max: 100 }),
    priority: fc.constantFrom(0, 1),
  },
  { requiredKeys: ['host', 'port', 'weight'] },
);

const configArb = fc
  .record({
    services: fc.uniqueArray(label, { minLength: 1, maxLength: 4 }),
    routes: fc.array(
      fc.record({
        name: label,
        plugins: pluginConf,
        hosts: fc.option(
          fc.array(fc.constantFrom('a.example.com', 'b.example.com'), {
            minLength: 1,
            maxLength: 2,
          }),
          { nil: undefined },
        ),
        priority: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
      }),
      { maxLength: 6 },
    ),
    nodes: fc.uniqueArray(node, {
      minLength: 1,
      maxLength: 3,
      selector: (n) => `${n.host}:${n.port}`,
    }),
    scheme: fc.option(fc.constantFrom('http', 'https'), { nil: undefined }),
    users: fc.uniqueArray(label, { maxLength: 3 }),
  })
  .map((c): Resource[] => {
    const out: Resource[] = [];
    c.services.forEach((name, i) => {
      out.push(service(name));
      out.push(inlineUpstream(name, { nodes: c.nodes, ...(c.scheme ? { scheme: c.scheme } : {}) }));
      c.routes
        .filter((_, j) => j % c.services.length === i)
        .forEach((r, j) => {
          const extra: Body = { plugins: r.plugins };
          if (r.hosts) extra.hosts = r.hosts;
          if (r.priority !== undefined) extra.priority = r.priority;
          out.push(route(name, `${r.name}-${j}`, extra));
        });
    });
    for (const user of c.users) {
      out.push(consumer(user, { plugins: { 'key-auth': { key: `${user}-key` } } }));
    }
    return out;
  });

describe('diff convergence (property)', () => {
  it('plans nothing when live is what 3.18 or 3.13 stored for the same configuration', () => {
    fc.assert(
      fc.property(configArb, (desired) => {
        expect(diff(desired, desired.map(live318))).toEqual([]);
        expect(diff(desired, desired.map(live313))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('plans exactly one update when a label or a plugin is removed from one resource', () => {
    fc.assert(
      fc.property(configArb, fc.nat(), (config, pick) => {
        // Prepare: remove the managed-by label, or the first plugin when the resource has one.
        const desired = structuredClone(config);
        const target = desired[pick % desired.length] as Resource;
        const plugins = target.value.plugins as Body | undefined;
        const firstPlugin = plugins ? Object.keys(plugins)[0] : undefined;
        if (plugins && firstPlugin) {
          delete plugins[firstPlugin];
        } else {
          delete (target.value.labels as Body)['managed-by'];
        }

        for (const shape of [live318, live313]) {
          // Act
          const events = diff(desired, config.map(shape));

          // Assess
          expect(events.map((e) => [e.type, e.resourceType, e.resourceId])).toEqual([
            ['update', target.type, target.id],
          ]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
