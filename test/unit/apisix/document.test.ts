import { describe, expect, it } from 'vitest';
import { fromDocument, toDocument } from '../../../lib/apisix/document.js';
import { applyToDocument } from '../../../lib/apisix-standalone/document.js';
import type { Resource } from '../../../lib/config/resources-types.js';

const resources: Resource[] = [
  { type: 'service', id: 's1', name: 'svc', value: { name: 'svc', upstream_id: 's1' } },
  { type: 'upstream', id: 's1', name: 'svc', parentId: 's1', value: { nodes: [] } },
  {
    type: 'route',
    id: 'r1',
    name: 'get',
    parentId: 's1',
    value: { name: 'get', uris: ['/'], service_id: 's1' },
  },
  { type: 'consumer', id: 'alice', name: 'alice', value: { username: 'alice' } },
  {
    type: 'consumer_credential',
    id: 'c1',
    name: 'key',
    parentId: 'alice',
    value: { name: 'key', plugins: { 'key-auth': { key: 'k' } } },
  },
  {
    type: 'global_rule',
    id: 'prometheus',
    name: 'prometheus',
    value: { plugins: { prometheus: {} } },
  },
];

describe('toDocument', () => {
  it('puts credentials in consumers with a <username>/credentials/<id> id', () => {
    const { document, positions } = toDocument(resources);
    expect(document.consumers).toEqual([
      { username: 'alice' },
      { name: 'key', plugins: { 'key-auth': { key: 'k' } }, id: 'alice/credentials/c1' },
    ]);
    expect(document.routes?.[0]).toMatchObject({ id: 'r1' });
    expect(positions.get('consumers#1')?.type).toBe('consumer_credential');
  });

  it('round-trips through fromDocument', () => {
    const back = fromDocument(toDocument(resources).document);
    const key = (r: Resource) => `${r.type}/${r.id}`;
    expect(back.map(key).sort()).toEqual(resources.map(key).sort());
    expect(back.find((r) => r.type === 'consumer_credential')).toMatchObject({
      parentId: 'alice',
      id: 'c1',
    });
  });
});

describe('applyToDocument', () => {
  const base = {
    routes: [
      { id: 'r1', uri: '/a' },
      { id: 'r2', uri: '/b' },
    ],
    routes_conf_version: 10,
    services_conf_version: 4,
    'X-Digest': 'abc',
    'X-Last-Modified': 1,
  };

  it('upserts in place, removes, and bumps only the touched collections', () => {
    // Act
    const doc = applyToDocument(
      base,
      [
        {
          type: 'update',
          resourceType: 'route',
          resourceId: 'r1',
          resourceName: 'r1',
          newValue: { uri: '/c' },
        },
        { type: 'delete', resourceType: 'route', resourceId: 'r2', resourceName: 'r2' },
      ],
      5,
    );

    // Assess
    expect(doc.routes).toEqual([{ uri: '/c', id: 'r1' }]);
    expect(doc.routes_conf_version).toBe(11);
    expect(doc.services_conf_version).toBe(4);
    expect(doc).not.toHaveProperty('X-Digest');
    expect(base.routes).toHaveLength(2);
  });

  it('uses the clock when it is ahead, and bumps everything when asked', () => {
    const doc = applyToDocument(base, [], 1000, { bumpAll: true });
    expect(doc.routes_conf_version).toBe(1000);
    expect(doc.services_conf_version).toBe(1000);
    expect(doc.consumers_conf_version).toBe(1000);
  });
});
