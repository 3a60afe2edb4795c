/**
 * Runs every `bench/*.bench.ts` in turn (one at a time: the machine is small and timings must
 * not compete), prints one table and writes `bench/results/latest.json`.
 *
 * Usage: `npm run bench` (builds first), or `tsx bench/run.ts [name-filter]`.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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

async function main(filter?: string): Promise<number> {
  const files = readdirSync(HERE)
    .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
    .sort();
  const results: BenchResult[] = [];
  const failures: { file: string; error: string }[] = [];
  for (const file of files) {
    process.stderr.write(`bench: ${file}\n`);
    try {
      results.push(...(await runFile(file)));
    } catch (err) {
      failures.push({ file, error: err instanceof Error ? err.message : String(err) });
    }
  }
  process.stdout.write(`${table(results)}\n`);
  for (const f of failures) process.stderr.write(`bench ${f.file} failed: ${f.error}\n`);
  const out = join(HERE, 'results', 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  const machine = {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: cpus().length,
  };
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), machine, results, failures }, null, 2)}\n`,
  );
  process.stderr.write(`bench: wrote ${out}\n`);
  return failures.length > 0 ? 1 : 0;
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
