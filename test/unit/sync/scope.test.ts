import { describe, expect, it } from 'vitest';
import type { Resource } from '../../../lib/config/resources-types.js';
import { ConfigError } from '../../../lib/errors.js';
import { keepInScope, resolveScope, scopePredicate, toScope } from '../../../lib/sync/scope.js';

const svc = (id: string, labels: Record<string, string> = {}): Resource => ({
  type: 'service',
  id,
  name: id,
  value: { labels },
});
const child = (type: Resource['type'], id: string, parentId: string): Resource => ({
  type,
  id,
  name: id,
  parentId,
  value: { service_id: parentId },
});
const http = svc('http');
const tcp = svc('tcp');
const resources = [
  http,
  tcp,
  child('route', 'r', 'http'),
  child('stream_route', 'sr', 'tcp'),
  { type: 'consumer', id: 'u', name: 'u', value: {} } satisfies Resource,
];

function kept(scope: Parameters<typeof resolveScope>[0]): string[] {
  const inScope = scopePredicate(resolveScope(scope), resources);
  return keepInScope(resources, inScope).map((r) => `${r.type}:${r.id}`);
}

describe('resolveScope', () => {
  it('names every unknown type at its index', () => {
    // Act
    const run = () =>
      resolveScope({ includeResourceTypes: ['service', 'routes', 'plugin_configs'] });

    // Assess
    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (err) {
      expect((err as ConfigError).issues.map((i) => i.path)).toEqual([
        ['includeResourceType', 1],
        ['includeResourceType', 2],
      ]);
    }
  });

  it.each([
    [{ includeResourceTypes: ['plugin_config'] }, []],
    [{ includeResourceTypes: ['stream_service'] }, ['service', 'stream_route']],
    [{ includeResourceTypes: ['stream_service', 'plugin_config'] }, ['service', 'stream_route']],
    [{ excludeResourceTypes: ['plugin_config', 'stream_service'] }, 9],
    // Excluding a consumer excludes its credentials; a service, its upstreams.
    [{ excludeResourceTypes: ['consumer'] }, 7],
    [{ excludeResourceTypes: ['service'] }, 7],
    [{ excludeResourceTypes: ['consumer_credential'] }, 8],
  ])('gives the dump the types %j can manage', (scope, expected) => {
    const types = resolveScope(scope).types;
    if (typeof expected === 'number') expect(types).toHaveLength(expected);
    else expect([...types].sort()).toEqual(expected);
  });

  it('hands lib/config a scope it accepts, with stream routes kept as carriers', () => {
    expect(toScope({ includeResourceTypes: ['stream_service'] })).toEqual({
      includeResourceTypes: ['service', 'stream_route'],
    });
    expect(toScope({ excludeResourceTypes: ['stream_service', 'stream_route', 'ssl'] })).toEqual({
      excludeResourceTypes: ['ssl'],
    });
    expect(toScope({ includeResourceTypes: ['plugin_config'] })).toEqual({
      includeResourceTypes: ['consumer_group'],
    });
  });
});

describe('scopePredicate', () => {
  it.each([
    ['include plugin_config matches nothing', { includeResourceTypes: ['plugin_config'] }, []],
    [
      'exclude plugin_config changes nothing',
      { excludeResourceTypes: ['plugin_config'] },
      ['service:http', 'service:tcp', 'route:r', 'stream_route:sr', 'consumer:u'],
    ],
    [
      'include stream_service keeps the services that carry stream routes',
      { includeResourceTypes: ['stream_service'] },
      ['service:tcp'],
    ],
    [
      'include stream_service and stream_route is the whole stream side',
      { includeResourceTypes: ['stream_service', 'stream_route'] },
      ['service:tcp', 'stream_route:sr'],
    ],
    [
      'include service still covers stream services',
      { includeResourceTypes: ['service'] },
      ['service:http', 'service:tcp'],
    ],
    [
      'exclude stream_service drops only those services',
      { excludeResourceTypes: ['stream_service'] },
      ['service:http', 'route:r', 'stream_route:sr', 'consumer:u'],
    ],
    [
      'exclude stream_service and stream_route leaves the HTTP side',
      { excludeResourceTypes: ['stream_service', 'stream_route'] },
      ['service:http', 'route:r', 'consumer:u'],
    ],
  ])('%s', (_, scope, expected) => {
    expect(kept(scope)).toEqual(expected);
  });

  it('applies the label selector on top of the type names', () => {
    // Prepare
    const labelled = [svc('a', { team: 'web' }), svc('b', { team: 'db' })];
    const scope = resolveScope({ labelSelector: { team: 'web' } });

    // Act
    const inScope = scopePredicate(scope, labelled);

    // Assess
    expect(keepInScope(labelled, inScope).map((r) => r.id)).toEqual(['a']);
  });
});
