/**
 * The shape every `bench/<area>.bench.ts` returns from `run()`; `bench/run.ts` prints the
 * results as a table and writes them to `bench/results/latest.json`.
 *
 * @example
 * ```ts
 * const result: BenchResult = { suite: 'pool', name: 'sockets, module scope', value: 1, unit: 'sockets', target: '<= 1' };
 * ```
 */
interface BenchResult {
  /** The area measured, e.g. `pool`, `differ`, `emulator`. */
  suite: string;
  name: string;
  value: number;
  unit: string;
  /** What the figure should be, in words (`<= 1`, `< 50 ms`). */
  target?: string;
  note?: string;
}

/** What a bench module exports. */
type BenchModule = { run: () => Promise<BenchResult[]> };

export type { BenchModule, BenchResult };
