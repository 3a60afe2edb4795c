import { describe, expect, it } from 'vitest';
import type { DiffEvent } from '../../../lib/differ/types.js';
import { deleteLimit, guardDeletes } from '../../../lib/sync/guard.js';

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

describe('deleteLimit', () => {
  const reconcileDefault = { floor: 20, percentOfLive: 10 };

  it.each([
    ['no option', undefined, 1000, undefined],
    ['a plain number, whatever is live', 5, 1000, 5],
    ['the floor while the share is smaller', reconcileDefault, 150, 20],
    ['the floor at the crossover', reconcileDefault, 200, 20],
    ['the share once it is larger', reconcileDefault, 450, 45],
    ['the share rounded down, never up', reconcileDefault, 459, 45],
    ['the floor with nothing live', reconcileDefault, 0, 20],
    ['a share of 100 %', { floor: 0, percentOfLive: 100 }, 7, 7],
  ] as const)('is %s', (_, option, live, limit) => {
    expect(deleteLimit(option, live)).toBe(limit);
  });
});

describe('guardDeletes at the { floor, percentOfLive } limit', () => {
  const deletes = (n: number) => Array.from({ length: n }, (_, i) => event('delete', `r${i}`));
  const limit = deleteLimit({ floor: 20, percentOfLive: 10 }, 450);

  it.each([
    ['allows exactly the limit', 45, 0],
    ['refuses every delete at one more', 46, 46],
  ])('%s (45 of 450 live)', (_, count, refusedCount) => {
    // Act
    const { allowed, refused } = guardDeletes(deletes(count), {
      desiredCount: 405,
      maxDeletes: limit,
    });

    // Assess
    expect(refused).toHaveLength(refusedCount);
    expect(allowed).toHaveLength(count - refusedCount);
    if (refusedCount > 0) expect(refused[0]?.reason).toContain('46 deletes exceed the limit of 45');
  });

  it('refuses on the floor side too: 21 deletes of 100 live', () => {
    const { refused } = guardDeletes(deletes(21), {
      desiredCount: 79,
      maxDeletes: deleteLimit({ floor: 20, percentOfLive: 10 }, 100),
    });
    expect(refused).toHaveLength(21);
  });
});
