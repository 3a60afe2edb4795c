/**
 * Runs every `bench/*.bench.ts` in turn (one at a time: the machine is small and timings must
 * not compete), prints one table and updates `bench/results/latest.json`: the files that ran
 * replace their own earlier results, every other file's results stay.
 *
 * Usage: `npm run bench` (builds first), or `tsx bench/run.ts [name-filter]`.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './types.js';

const HERE = dirname(fileURLToPath(import.meta.url));

function isBenchModule(mod: unknown): mod is { run: () => Promise<BenchResult[]> } {
  return (
    typeof mod === 'object' && mod !== null && typeof (mod as { run?: unknown }).run === 'function'
  );
}

function table(results: BenchResult[]): string {
  const rows = [
    ['suite', 'name', 'value', 'unit', 'target', 'note'],
    ...results.map((r) => [
      r.suite,
      r.name,
      formatValue(r.value),
      r.unit,
      r.target ?? '',
      r.note ?? '',
    ]),
  ];
  const widths =
    rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

async function runFile(file: string): Promise<BenchResult[]> {
  const mod: unknown = await import(pathToFileURL(join(HERE, file)).href);
  if (!isBenchModule(mod)) {
    throw new Error(`${file} does not export run()`);
  }
  return mod.run();
}

/** What `bench/results/latest.json` holds: the latest result of every bench file. */
interface LatestFile {
  /** When the file was last written. */
  date: string;
  machine: Record<string, unknown>;
  results: BenchResult[];
  failures: { file: string; error: string }[];
  /** Per bench file: when it last ran and which suites its results carry. */
  files?: Record<string, { date: string; suites: string[] }>;
}

interface Run {
  files: string[];
  results: Map<string, BenchResult[]>;
  failures: { file: string; error: string }[];
}

function readLatest(out: string): LatestFile | undefined {
  if (!existsSync(out)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(out, 'utf8'));
    const latest = parsed as Partial<LatestFile>;
    return Array.isArray(latest.results) ? (parsed as LatestFile) : undefined;
  } catch {
    return undefined; // unreadable: start over rather than fail the run
  }
}

/**
 * This run's results on top of the previous file: a file that ran replaces its own earlier
 * results and failure; every other file keeps what it had, so `tsx bench/run.ts differ` does
 * not erase the cold-start figures. Results of a file written before per-file tracking stay
 * unless a suite of this run carries the same name.
 */
function mergeLatest(previous: LatestFile | undefined, run: Run, date: string): LatestFile {
  const files = { ...(previous?.files ?? {}) };
  for (const file of run.files) {
    const results = run.results.get(file) ?? [];
    files[file] = { date, suites: [...new Set(results.map((r) => r.suite))] };
  }
  const ranSuites = new Set(run.files.flatMap((f) => files[f]?.suites ?? []));
  const suiteOwner = new Map(
    Object.entries(files).flatMap(([file, f]) => f.suites.map((suite) => [suite, file] as const)),
  );
  const kept = (previous?.results ?? []).filter((r) => {
    const owner = suiteOwner.get(r.suite);
    return owner === undefined ? !ranSuites.has(r.suite) : !run.files.includes(owner);
  });
  const byFile = (r: BenchResult): string => suiteOwner.get(r.suite) ?? '~';
  const fresh = run.files.flatMap((f) => run.results.get(f) ?? []);
  const results = [...kept, ...fresh]
    .map((r, i) => ({ r, i }))
    .sort((a, b) => byFile(a.r).localeCompare(byFile(b.r)) || a.i - b.i)
    .map(({ r }) => r);
  const failures = [
    ...(previous?.failures ?? []).filter((f) => !run.files.includes(f.file)),
    ...run.failures,
  ].sort((a, b) => a.file.localeCompare(b.file));
  const machine = {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: cpus().length,
  };
  return { date, machine, results, failures, files };
}

async function main(filter?: string): Promise<number> {
  const files = readdirSync(HERE)
    .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
    .sort();
  const run: Run = { files, results: new Map(), failures: [] };
  for (const file of files) {
    process.stderr.write(`bench: ${file}\n`);
    try {
      run.results.set(file, await runFile(file));
    } catch (err) {
      run.failures.push({ file, error: err instanceof Error ? err.message : String(err) });
    }
  }
  const results = files.flatMap((f) => run.results.get(f) ?? []);
  process.stdout.write(`${table(results)}\n`);
  for (const f of run.failures) process.stderr.write(`bench ${f.file} failed: ${f.error}\n`);
  const out = join(HERE, 'results', 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  const latest = mergeLatest(readLatest(out), run, new Date().toISOString());
  // Through a temporary file and a rename: a reader never sees half a file.
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(latest, null, 2)}\n`);
  renameSync(tmp, out);
  const merged = filter ? ` (merged: ${files.length} file(s) ran, others kept)` : '';
  process.stderr.write(`bench: wrote ${out}${merged}\n`);
  return run.failures.length > 0 ? 1 : 0;
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
