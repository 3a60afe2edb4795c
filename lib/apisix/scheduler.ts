/**
 * A dependency-aware scheduler with bounded concurrency.
 *
 * Runs each task once everything it depends on has finished; a task whose hard dependency
 * failed or was skipped is skipped (and so are its dependents), independent work keeps going.
 * With `exitOnFailure`, no new task starts after the first failure; in-flight tasks finish and
 * the rest are reported as not attempted.
 *
 * @example
 * ```ts
 * const outcomes = await schedule(deps, { concurrency: 8 }, (i) => runEvent(events[i]));
 * ```
 */
import type { EventDeps } from './deps.js';
import { IndexHeap } from './heap.js';

type Outcome<R> =
  | { status: 'done'; value: R; failed: boolean }
  | { status: 'skipped'; reason: string; blockedBy?: number };

interface ScheduleOptions {
  concurrency: number;
  exitOnFailure?: boolean;
  onProgress?: (done: number, total: number) => void;
}

interface Node {
  pending: number;
  blockedBy?: number;
  dependents: { index: number; hard: boolean }[];
}

function buildNodes(deps: readonly EventDeps[]): Node[] {
  const nodes: Node[] = deps.map(() => ({ pending: 0, dependents: [] }));
  deps.forEach((d, i) => {
    const seen = new Set<number>();
    for (const [list, hard] of [
      [d.hard, true],
      [d.soft, false],
    ] as const) {
      for (const j of list) {
        if (j === i || seen.has(j)) continue;
        seen.add(j);
        nodes[i]!.pending++;
        nodes[j]!.dependents.push({ index: i, hard });
      }
    }
  });
  return nodes;
}

/** Runs `run(i)` for every task index, honouring `deps`; `run` resolves `{ value, failed }`. */
async function schedule<R>(
  deps: readonly EventDeps[],
  options: ScheduleOptions,
  run: (index: number) => Promise<{ value: R; failed: boolean }>,
): Promise<Outcome<R>[]> {
  const nodes = buildNodes(deps);
  // Dense on purpose: forEach and map skip the holes of `new Array(n)`.
  const outcomes: (Outcome<R> | undefined)[] = Array.from({ length: deps.length }, () => undefined);
  const ready = new IndexHeap();
  nodes.forEach((n, i) => {
    if (n.pending === 0) ready.push(i);
  });
  let done = 0;
  let inFlight = 0;
  let stopped = false;

  return new Promise((resolve) => {
    const finish = (i: number, outcome: Outcome<R>): void => {
      outcomes[i] = outcome;
      done++;
      options.onProgress?.(done, deps.length);
      const bad = outcome.status === 'skipped' || outcome.failed;
      for (const d of nodes[i]!.dependents) {
        const node = nodes[d.index]!;
        if (bad && d.hard && node.blockedBy === undefined) node.blockedBy = i;
        if (--node.pending === 0) release(d.index);
      }
    };
    const release = (i: number): void => {
      const blockedBy = nodes[i]!.blockedBy;
      if (blockedBy !== undefined) {
        finish(i, { status: 'skipped', reason: 'dependency failed', blockedBy });
      } else {
        ready.push(i);
      }
    };
    const pump = (): void => {
      while (!stopped && inFlight < options.concurrency && ready.size > 0) {
        const i = ready.pop()!;
        inFlight++;
        run(i).then(
          (r) => complete(i, { status: 'done', value: r.value, failed: r.failed }),
          (err: unknown) => complete(i, { status: 'skipped', reason: String(err) }),
        );
      }
      if (inFlight > 0) return;
      if (stopped || ready.size === 0) {
        outcomes.forEach((o, i) => {
          if (o === undefined) {
            outcomes[i] = stopped
              ? { status: 'skipped', reason: 'not attempted: stopped after the first failure' }
              : { status: 'skipped', reason: 'not attempted: dependency cycle' };
          }
        });
        resolve(outcomes as Outcome<R>[]);
      }
    };
    const complete = (i: number, outcome: Outcome<R>): void => {
      inFlight--;
      if (outcome.status === 'done' && outcome.failed && options.exitOnFailure) stopped = true;
      finish(i, outcome);
      pump();
    };
    pump();
  });
}

export type { Outcome, ScheduleOptions };
export { schedule };
