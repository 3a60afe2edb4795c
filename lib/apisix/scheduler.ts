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

function link(nodes: Node[], i: number, list: readonly number[], hard: boolean, seen: Set<number>) {
  for (const j of list) {
    if (j === i || seen.has(j)) continue;
    seen.add(j);
    nodes[i]!.pending++;
    nodes[j]!.dependents.push({ index: i, hard });
  }
}

function buildNodes(deps: readonly EventDeps[]): Node[] {
  const nodes: Node[] = deps.map(() => ({ pending: 0, dependents: [] }));
  // One set reused (cleared) for every event: most have one dependency or none.
  const seen = new Set<number>();
  deps.forEach((d, i) => {
    if (d.hard.length + d.soft.length === 0) return;
    seen.clear();
    link(nodes, i, d.hard, true, seen);
    link(nodes, i, d.soft, false, seen);
  });
  return nodes;
}

type Task<R> = (index: number) => Promise<{ value: R; failed: boolean }>;

/** One scheduling run: the state the callbacks share, each step a small method. */
class Run<R> {
  private readonly nodes: Node[];
  // Dense on purpose: forEach and map skip the holes of `new Array(n)`.
  private readonly outcomes: (Outcome<R> | undefined)[];
  private readonly ready = new IndexHeap();
  private done = 0;
  private inFlight = 0;
  private stopped = false;

  constructor(
    deps: readonly EventDeps[],
    private readonly options: ScheduleOptions,
    private readonly task: Task<R>,
    private readonly resolve: (outcomes: Outcome<R>[]) => void,
  ) {
    this.nodes = buildNodes(deps);
    this.outcomes = Array.from({ length: deps.length }, () => undefined);
    this.nodes.forEach((n, i) => {
      if (n.pending === 0) this.ready.push(i);
    });
  }

  pump(): void {
    while (!this.stopped && this.inFlight < this.options.concurrency && this.ready.size > 0) {
      const i = this.ready.pop()!;
      this.inFlight++;
      this.task(i).then(
        (r) => this.complete(i, { status: 'done', value: r.value, failed: r.failed }),
        (err: unknown) => this.complete(i, { status: 'skipped', reason: String(err) }),
      );
    }
    if (this.inFlight === 0 && (this.stopped || this.ready.size === 0)) this.settle();
  }

  private complete(i: number, outcome: Outcome<R>): void {
    this.inFlight--;
    if (outcome.status === 'done' && outcome.failed && this.options.exitOnFailure) {
      this.stopped = true;
    }
    this.finish(i, outcome);
    this.pump();
  }

  private finish(i: number, outcome: Outcome<R>): void {
    this.outcomes[i] = outcome;
    this.done++;
    this.options.onProgress?.(this.done, this.outcomes.length);
    const bad = outcome.status === 'skipped' || outcome.failed;
    for (const d of this.nodes[i]!.dependents) {
      const node = this.nodes[d.index]!;
      if (bad && d.hard && node.blockedBy === undefined) node.blockedBy = i;
      if (--node.pending === 0) this.release(d.index);
    }
  }

  private release(i: number): void {
    const blockedBy = this.nodes[i]!.blockedBy;
    if (blockedBy === undefined) this.ready.push(i);
    else this.finish(i, { status: 'skipped', reason: 'dependency failed', blockedBy });
  }

  /** Whatever never ran was either cut off by exitOnFailure or stuck in a cycle. */
  private settle(): void {
    const reason = this.stopped
      ? 'not attempted: stopped after the first failure'
      : 'not attempted: dependency cycle';
    this.resolve(this.outcomes.map((o) => o ?? { status: 'skipped', reason }));
  }
}

/** Runs `run(i)` for every task index, honouring `deps`; `run` resolves `{ value, failed }`. */
function schedule<R>(
  deps: readonly EventDeps[],
  options: ScheduleOptions,
  run: Task<R>,
): Promise<Outcome<R>[]> {
  return new Promise((resolve) => new Run(deps, options, run, resolve).pump());
}

export type { Outcome, ScheduleOptions };
export { schedule };
