import { describe, expect, it } from 'vitest';
import { planDependencies } from '../../../lib/apisix/deps.js';
import { IndexHeap } from '../../../lib/apisix/heap.js';
import { schedule } from '../../../lib/apisix/scheduler.js';
import type { DiffEvent } from '../../../lib/differ/types.js';

function ev(
  type: DiffEvent['type'],
  resourceType: DiffEvent['resourceType'],
  id: string,
  value: Record<string, unknown> = {},
  parentId?: string,
): DiffEvent {
  const e: DiffEvent = { type, resourceType, resourceId: id, resourceName: id };
  if (parentId) e.parentId = parentId;
  if (type !== 'create') e.oldValue = value;
  if (type !== 'delete') e.newValue = value;
  return e;
}

describe('planDependencies', () => {
  it('makes a route create wait for its own service and upstream only', () => {
    // Prepare
    const events = [
      ev('create', 'upstream', 's1', {}, 's1'),
      ev('create', 'upstream', 's2', {}, 's2'),
      ev('create', 'service', 's1', { upstream_id: 's1' }),
      ev('create', 'service', 's2', { upstream_id: 's2' }),
      ev('create', 'route', 'r1', { service_id: 's1' }, 's1'),
      ev('create', 'route', 'r2', { service_id: 's2', upstream_id: 's2' }, 's2'),
    ];

    // Act
    const deps = planDependencies(events);

    // Assess
    expect(deps[2]?.hard).toEqual([0]);
    expect(deps[4]?.hard).toEqual([2]);
    expect(deps[5]?.hard.sort()).toEqual([1, 3]);
    expect(deps[0]?.hard).toEqual([]);
  });

  it('makes a consumer delete wait for its credential deletes', () => {
    const events = [
      ev('delete', 'consumer', 'alice'),
      ev('delete', 'consumer_credential', 'c1', { plugins: {} }, 'alice'),
    ];
    const deps = planDependencies(events);
    expect(deps[0]?.hard).toEqual([1]);
    expect(deps[1]?.hard).toEqual([]);
  });

  it('makes a service delete wait for the deletes and moves of what references it', () => {
    const events = [
      ev('delete', 'service', 's1'),
      ev('delete', 'route', 'r1', { service_id: 's1' }, 's1'),
      {
        ...ev('update', 'route', 'r2', { service_id: 's2' }, 's2'),
        oldValue: { service_id: 's1' },
      },
    ];
    const deps = planDependencies(events);
    expect(deps[0]?.hard.sort()).toEqual([1, 2]);
  });

  it('orders consumer and credential writes after consumer and credential deletes (auth keys)', () => {
    const events = [
      ev('delete', 'consumer_credential', 'old', {}, 'bob'),
      ev('create', 'consumer', 'carol'),
      ev('create', 'consumer_credential', 'new', {}, 'carol'),
    ];
    const deps = planDependencies(events);
    expect(deps[1]?.soft).toEqual([0]);
    expect(deps[2]).toEqual({ hard: [1], soft: [0] });
  });

  it('makes an upstream that references a client certificate wait for the SSL', () => {
    const events = [
      ev('create', 'ssl', 'cert'),
      ev('create', 'upstream', 'u', { tls: { client_cert_id: 'cert' } }),
    ];
    expect(planDependencies(events)[1]?.hard).toEqual([0]);
  });
});

/** Runs `schedule` with tasks that record their order and fail when asked. */
async function runAll(
  deps: { hard: number[]; soft: number[] }[],
  fail: number[],
  options: { concurrency: number; exitOnFailure?: boolean },
) {
  const started: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const outcomes = await schedule(deps, options, async (i) => {
    started.push(i);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
    return { value: i, failed: fail.includes(i) };
  });
  return { outcomes, started, maxInFlight };
}

describe('schedule', () => {
  it('never runs more tasks at once than the concurrency', async () => {
    const deps = Array.from({ length: 40 }, () => ({ hard: [], soft: [] }));
    const { maxInFlight, outcomes } = await runAll(deps, [], { concurrency: 3 });
    expect(maxInFlight).toBe(3);
    expect(outcomes.every((o) => o.status === 'done')).toBe(true);
  });

  it('skips the dependents of a failed task, transitively, and runs independent work', async () => {
    // Prepare: 0 ← 1 ← 2 (hard), 3 independent, 4 soft on 0.
    const deps = [
      { hard: [], soft: [] },
      { hard: [0], soft: [] },
      { hard: [1], soft: [] },
      { hard: [], soft: [] },
      { hard: [], soft: [0] },
    ];

    // Act
    const { outcomes } = await runAll(deps, [0], { concurrency: 2 });

    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'skipped', 'skipped', 'done', 'done']);
    expect(outcomes[1]).toMatchObject({ blockedBy: 0 });
    expect(outcomes[2]).toMatchObject({ blockedBy: 1 });
  });

  it('with exitOnFailure starts nothing new after a failure and reports the rest not attempted', async () => {
    const deps = Array.from({ length: 6 }, () => ({ hard: [], soft: [] }));
    const { outcomes, started } = await runAll(deps, [0], { concurrency: 2, exitOnFailure: true });
    // 1 was in flight when 0 failed: it finishes; nothing else starts.
    expect(started).toEqual([0, 1]);
    expect(outcomes[1]).toMatchObject({ status: 'done', failed: false });
    expect(
      outcomes.slice(2).every((o) => o.status === 'skipped' && o.reason.includes('not attempted')),
    ).toBe(true);
    expect(outcomes).toHaveLength(6);
  });

  it('starts ready tasks in plan order', async () => {
    const deps = [
      { hard: [2], soft: [] },
      { hard: [], soft: [] },
      { hard: [], soft: [] },
      { hard: [], soft: [] },
    ];
    const { started } = await runAll(deps, [], { concurrency: 1 });
    expect(started).toEqual([1, 2, 0, 3]);
  });

  it('reports a dependency cycle as not attempted instead of hanging', async () => {
    const deps = [
      { hard: [1], soft: [] },
      { hard: [0], soft: [] },
    ];
    const { outcomes } = await runAll(deps, [], { concurrency: 2 });
    expect(outcomes.map((o) => o.status === 'skipped' && o.reason)).toEqual([
      'not attempted: dependency cycle',
      'not attempted: dependency cycle',
    ]);
  });
});

describe('IndexHeap', () => {
  it('pops indices in ascending order whatever the push order', () => {
    const heap = new IndexHeap();
    const values = [9, 3, 7, 1, 8, 2, 2, 0, 5];
    for (const v of values) heap.push(v);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop()!);
    expect(out).toEqual([...values].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });
});
