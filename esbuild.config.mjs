// One build for everything that ships: every functions/<name>/handler.ts becomes
// dist/<name>/index.mjs (a self-contained Lambda bundle, AWS SDK included), and
// lib/cli/main.ts becomes the executable dist/cli/apisync.mjs.
//
// `node esbuild.config.mjs [--quiet]` builds, prints a size table, and exits non-zero when a
// function bundle is over its budget. Tests import `buildAll` (test/global-setup.ts).
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = dirname(fileURLToPath(import.meta.url));
const DIST = join(ROOT, 'dist');
/** Lambda bundles must stay small: init time grows with the code Node parses. */
const FUNCTION_BUDGET_BYTES = 1024 * 1024;

// CJS dependencies (axios, agentkeepalive, the AWS SDK's deps) call `require` for Node
// built-ins; inside an ESM bundle that needs a real `require` (reference: serverless.md §4.3).
const REQUIRE_BANNER =
  "import { createRequire as __apisyncCreateRequire } from 'node:module';\n" +
  'const require = __apisyncCreateRequire(import.meta.url);';

/** Every functions/<name>/handler.ts, sorted by name. */
function functionEntries() {
  const dir = join(ROOT, 'functions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'handler.ts')))
    .map((d) => ({
      name: d.name,
      kind: 'function',
      entry: join(dir, d.name, 'handler.ts'),
      out: join(d.name, 'index.mjs'),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function cliEntry() {
  return {
    name: 'cli',
    kind: 'cli',
    entry: join(ROOT, 'lib/cli/main.ts'),
    out: join('cli', 'apisync.mjs'),
  };
}

/** Writes through a temporary file and a rename (atomic): readers never see half a bundle. */
function writeAtomic(file, contents, mode) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, contents, mode ? { mode } : undefined);
  renameSync(tmp, file);
}

/** Builds one entry into dist/; returns nothing, throws esbuild's error. */
async function buildOne(target) {
  const outfile = join(DIST, target.out);
  const shebang = target.kind === 'cli' ? '#!/usr/bin/env node\n' : '';
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [target.entry],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // ESM entry points of dual packages (the AWS SDK) tree-shake far better (serverless.md §2.6).
    mainFields: ['module', 'main'],
    minify: true,
    // Error classes set `name` from their constructor: keep the names through minification.
    keepNames: true,
    sourcemap: 'external',
    sourcesContent: false,
    metafile: true,
    legalComments: 'none',
    banner: { js: `${shebang}${REQUIRE_BANNER}` },
    logLevel: 'silent',
  });
  for (const out of result.outputFiles) {
    writeAtomic(
      out.path,
      out.contents,
      out.path === outfile && target.kind === 'cli' ? 0o755 : undefined,
    );
  }
  if (target.kind === 'cli') chmodSync(outfile, 0o755);
  const meta = join(dirname(outfile), target.kind === 'cli' ? 'apisync.meta.json' : 'meta.json');
  writeAtomic(meta, JSON.stringify(result.metafile));
}

function sizeOf(file) {
  const bytes = readFileSync(file);
  return { bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}

/**
 * Builds every target (in parallel; one broken entry does not keep the others out of dist/),
 * prints the size table and throws when a build failed or a function bundle is over budget.
 * Files are replaced atomically, so a test importing a bundle during a parallel build never
 * reads half a file.
 */
async function buildAll({ quiet = false } = {}) {
  const all = [...functionEntries(), cliEntry()];
  const settled = await Promise.allSettled(all.map((t) => buildOne(t)));
  const failures = settled.flatMap((o, i) =>
    o.status === 'rejected' ? [`${all[i].name}: ${o.reason?.message ?? o.reason}`] : [],
  );
  const targets = all.filter((_, i) => settled[i].status === 'fulfilled');
  const results = targets.map((t) => ({
    name: t.name,
    kind: t.kind,
    file: relative(ROOT, join(DIST, t.out)),
    ...sizeOf(join(DIST, t.out)),
    budgetBytes: t.kind === 'function' ? FUNCTION_BUDGET_BYTES : undefined,
  }));
  if (!quiet) process.stdout.write(sizeTable(results));
  if (failures.length > 0) {
    throw new Error(`esbuild failed for ${failures.join('\n')}`);
  }
  const over = overBudget(results);
  if (over.length > 0) {
    throw new Error(
      `bundle over budget: ${over.map((r) => `${r.file} ${kib(r.bytes)} > ${kib(r.budgetBytes)}`).join('; ')}`,
    );
  }
  return results;
}

/** The results whose size exceeds their budget. */
function overBudget(results) {
  return results.filter((r) => r.budgetBytes !== undefined && r.bytes > r.budgetBytes);
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** A plain-text table: bundle, raw size, gzip size, budget. */
function sizeTable(results) {
  const rows = [
    ['bundle', 'raw', 'gzip', 'budget'],
    ...results.map((r) => [
      r.file,
      kib(r.bytes),
      kib(r.gzipBytes),
      r.budgetBytes ? kib(r.budgetBytes) : '-',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return `${rows.map(line).join('\n')}\n`;
}

const invokedDirectly =
  process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  buildAll({ quiet: process.argv.includes('--quiet') }).catch((err) => {
    process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}

export { buildAll, FUNCTION_BUDGET_BYTES, overBudget, sizeTable };
