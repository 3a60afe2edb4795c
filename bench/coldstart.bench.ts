// Cold-start budget per Lambda function: the size of dist/<name>/index.mjs and the median time
// to import it in a fresh `node` process (5 processes). The import runs from an `.mjs` file, as
// Lambda's runtime does, so a bundle that only works where `require` happens to be in scope
// (node -e) fails here (reference: serverless.md §4.3).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Same shape as `bench/types.ts` (declared here until that file is in the tree). */
interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

const FUNCTIONS = ['sync-api', 'reconcile', 'git-webhook'] as const;
const RUNS = 5;
const MAX_BYTES = 1024 * 1024;
const MAX_IMPORT_MS = 150;
const DIST = resolve(import.meta.dirname, '..', 'dist');

// Measures only the import (module evaluation included), not Node's own start-up.
const PROBE = `const url = process.argv[2];
const start = process.hrtime.bigint();
await import(url);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ ms }));
`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/** Imports the bundle once in a new process; returns the import time in ms. */
function importOnce(probe: string, bundle: string): number {
  const child = spawnSync(process.execPath, [probe, pathToFileURL(bundle).href], {
    encoding: 'utf8',
    timeout: 30_000,
    // The handlers read no env at import; keep the child's env minimal and quiet anyway.
    env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1' },
  });
  if (child.status !== 0) {
    throw new Error(`importing ${bundle} failed (exit ${child.status}): ${child.stderr.trim()}`);
  }
  const parsed: unknown = JSON.parse(child.stdout);
  const ms = (parsed as { ms?: unknown }).ms;
  if (typeof ms !== 'number') throw new Error(`unexpected probe output: ${child.stdout}`);
  return ms;
}

function measure(probe: string, fn: string): BenchResult[] {
  const bundle = join(DIST, fn, 'index.mjs');
  const bytes = statSync(bundle).size;
  const times = Array.from({ length: RUNS }, () => importOnce(probe, bundle));
  return [
    {
      suite: 'coldstart',
      name: `${fn} bundle size`,
      value: Math.round((bytes / 1024) * 10) / 10,
      unit: 'KiB',
      target: `<= ${MAX_BYTES / 1024} KiB`,
      note: bytes <= MAX_BYTES ? 'within budget' : 'OVER BUDGET',
    },
    {
      suite: 'coldstart',
      name: `${fn} import (median of ${RUNS})`,
      value: Math.round(median(times) * 10) / 10,
      unit: 'ms',
      target: `<= ${MAX_IMPORT_MS} ms`,
      note: `fresh node ${process.version} processes; runs ${times.map((t) => t.toFixed(1)).join(', ')} ms`,
    },
  ];
}

/**
 * Runs the cold-start benchmark over every built function bundle.
 *
 * @example
 * ```ts
 * const results = await run(); // [{ suite: 'coldstart', name: 'reconcile import (median of 5)', … }]
 * ```
 */
async function run(): Promise<BenchResult[]> {
  const missing = FUNCTIONS.filter((fn) => !existsSync(join(DIST, fn, 'index.mjs')));
  if (missing.length > 0) {
    throw new Error(`no bundle for ${missing.join(', ')}: run \`npm run build\` first`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'apisync-coldstart-'));
  try {
    const probe = join(dir, 'probe.mjs');
    writeFileSync(probe, PROBE);
    return FUNCTIONS.flatMap((fn) => measure(probe, fn));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type { BenchResult };
export { run };
