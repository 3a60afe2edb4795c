import { describe, expect, it } from 'vitest';
import { dumpPlan, inDumpPlan } from '../../../lib/apisix/dump-scope.js';
import type { ResourceType } from '../../../lib/config/resources-types.js';

const ALL_LISTS = [
  'consumer',
  'global_rule',
  'plugin_metadata',
  'route',
  'service',
  'ssl',
  'stream_route',
  'upstream',
];

function lists(types?: ResourceType[]): string[] {
  return [...dumpPlan(types ? { types } : {}).lists].sort();
}

describe('dumpPlan', () => {
  it('reads every list and the credentials without a scope', () => {
    expect(lists()).toEqual(ALL_LISTS);
    expect(dumpPlan().credentials).toBe(true);
  });

  it.each([
    // AIC's include list: no consumers, no credentials, no global rules or metadata.
    [
      ['service', 'route', 'upstream', 'ssl'],
      ['route', 'service', 'ssl', 'stream_route', 'upstream'],
    ],
    // Routes need their services to be kept.
    [['route'], ['route', 'service']],
    [['stream_route'], ['service', 'stream_route']],
    // A service delete is held back by the routes still using it; its inline upstream is part of it.
    [['service'], ['route', 'service', 'stream_route', 'upstream']],
    // An upstream is owned through its service and held by routes pointing at it.
    [['upstream'], ['route', 'service', 'stream_route', 'upstream']],
    // An SSL delete is held by an upstream's client_cert_id; upstreams need their services.
    [['ssl'], ['service', 'ssl', 'upstream']],
    [['consumer'], ['consumer']],
    // Credentials are listed per consumer.
    [['consumer_credential'], ['consumer']],
    [
      ['global_rule', 'plugin_metadata'],
      ['global_rule', 'plugin_metadata'],
    ],
    [[], []],
  ] as [ResourceType[], string[]][])('reads only what %j needs', (types, expected) => {
    expect(lists(types)).toEqual(expected.sort());
  });

  it.each([
    [['consumer', 'consumer_credential'], true],
    // Credentials have a type of their own (they take only their consumer's labels).
    [['consumer_credential'], true],
    [['consumer'], false],
    [['service', 'route', 'upstream', 'ssl'], false],
  ] as [ResourceType[], boolean][])('reads credentials for %j: %s', (types, credentials) => {
    expect(dumpPlan({ types }).credentials).toBe(credentials);
  });
});

describe('inDumpPlan', () => {
  it('keeps the resources of the lists read, credentials only when they are read', () => {
    const plan = dumpPlan({ types: ['consumer'] });
    expect(inDumpPlan({ type: 'consumer' }, plan)).toBe(true);
    expect(inDumpPlan({ type: 'consumer_credential' }, plan)).toBe(false);
    expect(inDumpPlan({ type: 'route' }, plan)).toBe(false);
  });
});
