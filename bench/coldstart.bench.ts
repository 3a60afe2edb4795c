// Cold-start budget per Lambda function: the size of dist/<name>/index.mjs, the median time
// to import it in a fresh `node` process (5 processes), and the five packages that weigh most
// in it (from its esbuild metafile; `node scripts/bundle-report.mjs` shows them all). The
// import runs from an `.mjs` file, as Lambda's runtime does, so a bundle that only works where
// `require` happens to be in scope (node -e) fails here (reference: serverless.md §4.3).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { FUNCTION_BUDGET_BYTES, packageSizes } from '../esbuild.config.mjs';
import type { BenchResult } from './types.js';

const FUNCTIONS = ['sync-api', 'reconcile', 'git-webhook'] as const;
const RUNS = 5;
const TOP_PACKAGES = 5;
const MAX_IMPORT_MS = 150;
const DIST = resolve(import.meta.dirname, '..', 'dist');

// Measures only the import (module evaluation included), not Node's own start-up: wall time,
// and the process's CPU time over the same span, which other load on the machine disturbs less.
const PROBE = `const url = process.argv[2];
const cpu0 = process.cpuUsage();
const start = process.hrtime.bigint();
await import(url);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;

interface ImportTime {
  ms: number;
  cpuMs: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/** Imports the bundle once in a new process; returns the import's wall and CPU time. */
function importOnce(probe: string, bundle: string): ImportTime {
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
  const { ms, cpuMs } = parsed as { ms?: unknown; cpuMs?: unknown };
  if (typeof ms !== 'number' || typeof cpuMs !== 'number') {
    throw new Error(`unexpected probe output: ${child.stdout}`);
  }
  return { ms, cpuMs };
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
const runsNote = (values: number[]): string =>
  `fresh node ${process.version} processes; runs ${values.map((t) => t.toFixed(1)).join(', ')} ms`;

const kib = (bytes: number): number => round1(bytes / 1024);

/** The `TOP_PACKAGES` largest packages of `fn`'s bundle, one result each. */
function largestPackages(fn: string, bundleBytes: number): BenchResult[] {
  const metafile = JSON.parse(readFileSync(join(DIST, fn, 'meta.json'), 'utf8')) as Metafile;
  return packageSizes(metafile)
    .slice(0, TOP_PACKAGES)
    .map((pkg, i) => ({
      suite: 'coldstart',
      name: `${fn} package #${i + 1}: ${pkg.name}`,
      value: kib(pkg.bytes),
      unit: 'KiB',
      note: `${((100 * pkg.bytes) / bundleBytes).toFixed(1)}% of the bundle${
        pkg.via.length > 0 ? `; via ${pkg.via.slice(0, 3).join(', ')}` : ''
      }`,
    }));
}

function measure(probe: string, fn: string): BenchResult[] {
  const bundle = join(DIST, fn, 'index.mjs');
  const bytes = statSync(bundle).size;
  const runs = Array.from({ length: RUNS }, () => importOnce(probe, bundle));
  const wall = runs.map((r) => r.ms);
  const cpu = runs.map((r) => r.cpuMs);
  return [
    {
      suite: 'coldstart',
      name: `${fn} bundle size`,
      value: kib(bytes),
      unit: 'KiB',
      target: `<= ${FUNCTION_BUDGET_BYTES / 1024} KiB`,
      note: bytes <= FUNCTION_BUDGET_BYTES ? 'within budget' : 'OVER BUDGET',
    },
    {
      suite: 'coldstart',
      name: `${fn} import (median of ${RUNS})`,
      value: round1(median(wall)),
      unit: 'ms',
      target: `<= ${MAX_IMPORT_MS} ms`,
      note: runsNote(wall),
    },
    {
      suite: 'coldstart',
      name: `${fn} import CPU time (median of ${RUNS})`,
      value: round1(median(cpu)),
      unit: 'ms',
      note: `user + system CPU of the importing process; ${runsNote(cpu)}`,
    },
    ...largestPackages(fn, bytes),
  ];
}

/**
 * Runs the cold-start benchmark over every built function bundle.
 *
 * @example
 * ```ts
 * const results = await run();
 * // [{ suite: 'coldstart', name: 'sync-api bundle size', value: 793, unit: 'KiB', … },
 * //  { suite: 'coldstart', name: 'sync-api import (median of 5)', value: 95.2, unit: 'ms', … },
 * //  { suite: 'coldstart', name: 'sync-api package #1: zod', value: 201.6, unit: 'KiB', … }, …]
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

export { run };
