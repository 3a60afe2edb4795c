import { describe, expect, it } from 'vitest';
import type { DiffEvent } from '../../../lib/differ/types.js';
import { guardDeletes } from '../../../lib/sync/guard.js';

const event = (type: DiffEvent['type'], id: string): DiffEvent => ({
  type,
  resourceType: 'route',
  resourceId: id,
  resourceName: id,
});
const plan = [
  event('create', 'a'),
  event('delete', 'b'),
  event('delete', 'c'),
  event('update', 'd'),
];

describe('guardDeletes', () => {
  it.each([
    ['an empty desired set', { desiredCount: 0 }, /desired configuration is empty/],
    [
      'more deletes than the limit',
      { desiredCount: 5, maxDeletes: 1 },
      /2 deletes exceed the limit of 1/,
    ],
    [
      'an untrusted source',
      { desiredCount: 5, untrustedSource: 'the source could not be read' },
      /could not be read; refusing 2/,
    ],
  ])('refuses the deletes, keeping creates and updates, for %s', (_, options, reason) => {
    const { allowed, refused } = guardDeletes(plan, options);
    expect(allowed.map((e) => e.resourceId)).toEqual(['a', 'd']);
    expect(refused.map((r) => r.event.resourceId)).toEqual(['b', 'c']);
    expect(refused[0]?.reason).toMatch(reason);
  });

  it.each([
    ['force', { desiredCount: 0, force: true }],
    ['refuseEmptyPrune off', { desiredCount: 0, refuseEmptyPrune: false }],
    ['deletes within the limit', { desiredCount: 3, maxDeletes: 2 }],
  ])('allows every event with %s', (_, options) => {
    const { allowed, refused } = guardDeletes(plan, options);
    expect(allowed).toEqual(plan);
    expect(refused).toEqual([]);
  });

  it('never refuses a plan without deletes, even with an empty desired set', () => {
    expect(guardDeletes([event('create', 'a')], { desiredCount: 0 }).refused).toEqual([]);
  });
});
