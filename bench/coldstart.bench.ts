// Cold-start budget per Lambda function: the size of dist/<name>/ (index.mjs and every chunk),
// what Node loads at import (the entry and its static imports), the median time to import it
// in a fresh `node` process (7 processes), the time the chunks loaded on first use add when a
// rare path (a `git` source, a Secrets Manager reference) needs them, and the five packages
// that weigh most in what loads at import (from its esbuild metafile; `node
// scripts/bundle-report.mjs` shows them all). The import runs from an `.mjs` file, as
// Lambda's runtime does, so a bundle that only works where `require` happens to be in scope
// (node -e) fails here (reference: serverless.md §4.3).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { bundleOutputs, FUNCTION_BUDGET_BYTES, packageSizes } from '../esbuild.config.mjs';
import type { BenchResult } from './types.js';

const FUNCTIONS = ['sync-api', 'reconcile', 'git-webhook'] as const;
const RUNS = 7;
const TOP_PACKAGES = 5;
const MAX_IMPORT_MS = 150;
const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

// Measures only the import (module evaluation included), not Node's own start-up: wall time,
// and the process's CPU time over the same span, which other load on the machine disturbs less.
// Then imports the chunks named after the bundle, as the first rare-path `import()` would.
const PROBE = `const [url, ...chunks] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const start = process.hrtime.bigint();
await import(url);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpu0);
const rest = process.hrtime.bigint();
for (const chunk of chunks) await import(chunk);
const lazyMs = Number(process.hrtime.bigint() - rest) / 1e6;
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, lazyMs }));
`;

interface ImportTime {
  ms: number;
  cpuMs: number;
  /** Importing every chunk loaded on first use, after the bundle. */
  lazyMs: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/** Imports the bundle, then `chunks`, once in a new process; returns the times. */
function importOnce(probe: string, bundle: string, chunks: readonly string[]): ImportTime {
  const urls = [bundle, ...chunks].map((file) => pathToFileURL(file).href);
  const child = spawnSync(process.execPath, [probe, ...urls], {
    encoding: 'utf8',
    timeout: 30_000,
    // The handlers read no env at import; keep the child's env minimal and quiet anyway.
    env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1' },
  });
  if (child.status !== 0) {
    throw new Error(`importing ${bundle} failed (exit ${child.status}): ${child.stderr.trim()}`);
  }
  const parsed: unknown = JSON.parse(child.stdout);
  const { ms, cpuMs, lazyMs } = parsed as { ms?: unknown; cpuMs?: unknown; lazyMs?: unknown };
  if (typeof ms !== 'number' || typeof cpuMs !== 'number' || typeof lazyMs !== 'number') {
    throw new Error(`unexpected probe output: ${child.stdout}`);
  }
  return { ms, cpuMs, lazyMs };
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
const runsNote = (values: number[]): string =>
  `fresh node ${process.version} processes; runs ${values.map((t) => t.toFixed(1)).join(', ')} ms`;

const kib = (bytes: number): number => round1(bytes / 1024);

/** The `TOP_PACKAGES` largest packages of what `fn`'s bundle loads at import. */
function largestPackages(fn: string, metafile: Metafile, eager: readonly string[]): BenchResult[] {
  const eagerBytes = bundleOutputs(metafile)
    .filter((o) => o.eager)
    .reduce((sum, o) => sum + o.bytes, 0);
  return packageSizes(metafile, eager)
    .slice(0, TOP_PACKAGES)
    .map((pkg, i) => ({
      suite: 'coldstart',
      name: `${fn} package #${i + 1} at import: ${pkg.name}`,
      value: kib(pkg.bytes),
      unit: 'KiB',
      note: `${((100 * pkg.bytes) / eagerBytes).toFixed(1)}% of what loads at import${
        pkg.via.length > 0 ? `; via ${pkg.via.slice(0, 3).join(', ')}` : ''
      }`,
    }));
}

/** Size of every file of the bundle, and of what loads at import. */
function sizes(fn: string, metafile: Metafile): BenchResult[] {
  const outputs = bundleOutputs(metafile);
  const bytes = outputs.reduce((sum, o) => sum + statSync(join(ROOT, o.path)).size, 0);
  const eager = outputs.filter((o) => o.eager);
  const eagerBytes = eager.reduce((sum, o) => sum + o.bytes, 0);
  return [
    {
      suite: 'coldstart',
      name: `${fn} bundle size`,
      value: kib(bytes),
      unit: 'KiB',
      target: `<= ${FUNCTION_BUDGET_BYTES / 1024} KiB`,
      note: `${outputs.length} file(s); ${bytes <= FUNCTION_BUDGET_BYTES ? 'within budget' : 'OVER BUDGET'}`,
    },
    {
      suite: 'coldstart',
      name: `${fn} loaded at import`,
      value: kib(eagerBytes),
      unit: 'KiB',
      note: `${eager.length} file(s); the rest (${kib(bytes - eagerBytes)} KiB) loads on first use`,
    },
  ];
}

function measure(probe: string, fn: string): BenchResult[] {
  const metafile = JSON.parse(readFileSync(join(DIST, fn, 'meta.json'), 'utf8')) as Metafile;
  const outputs = bundleOutputs(metafile);
  const lazy = outputs.filter((o) => !o.eager).map((o) => join(ROOT, o.path));
  const runs = Array.from({ length: RUNS }, () =>
    importOnce(probe, join(DIST, fn, 'index.mjs'), lazy),
  );
  const wall = runs.map((r) => r.ms);
  const cpu = runs.map((r) => r.cpuMs);
  const rest = runs.map((r) => r.lazyMs);
  return [
    ...sizes(fn, metafile),
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
    {
      suite: 'coldstart',
      name: `${fn} first use of every lazy chunk (median of ${RUNS})`,
      value: round1(median(rest)),
      unit: 'ms',
      note: `${lazy.length} chunk(s), paid once by the first rare-path call; ${runsNote(rest)}`,
    },
    ...largestPackages(
      fn,
      metafile,
      outputs.filter((o) => o.eager).map((o) => o.path),
    ),
  ];
}

/**
 * Runs the cold-start benchmark over every built function bundle.
 *
 * @example
 * ```ts
 * const results = await run();
 * // [{ suite: 'coldstart', name: 'sync-api bundle size', value: 741, unit: 'KiB', … },
 * //  { suite: 'coldstart', name: 'sync-api loaded at import', value: 510, unit: 'KiB', … },
 * //  { suite: 'coldstart', name: 'sync-api import (median of 7)', value: 70.3, unit: 'ms', … },
 * //  { suite: 'coldstart', name: 'sync-api package #1 at import: zod', value: 201.2, unit: 'KiB', … }, …]
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
