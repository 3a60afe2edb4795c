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
  rmSync,
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

/** Builds one entry into `staging`; returns the files written (relative to staging). */
async function buildOne(target, staging) {
  const outfile = join(staging, target.out);
  const shebang = target.kind === 'cli' ? '#!/usr/bin/env node\n' : '';
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [target.entry],
    outfile,
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
    logLevel: 'warning',
  });
  const meta = join(dirname(outfile), target.kind === 'cli' ? 'apisync.meta.json' : 'meta.json');
  writeFileSync(meta, JSON.stringify(result.metafile));
  if (target.kind === 'cli') chmodSync(outfile, 0o755);
  return [target.out, `${target.out}.map`, relative(staging, meta)];
}

function sizeOf(file) {
  const bytes = readFileSync(file);
  return { bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}

/**
 * Builds into a private staging directory, then renames each file into dist/ (a rename is
 * atomic), so a test importing a bundle never sees a half-written file from a parallel build.
 */
async function buildAll({ quiet = false } = {}) {
  const targets = [...functionEntries(), cliEntry()];
  const staging = join(DIST, `.staging-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  let failures = [];
  try {
    // allSettled: every build finishes before staging is removed, and one broken entry does
    // not keep the others out of dist/.
    const settled = await Promise.allSettled(targets.map((t) => buildOne(t, staging)));
    for (const outcome of settled) {
      if (outcome.status === 'rejected') continue;
      for (const file of outcome.value) {
        mkdirSync(dirname(join(DIST, file)), { recursive: true });
        renameSync(join(staging, file), join(DIST, file));
      }
    }
    failures = settled.flatMap((o, i) =>
      o.status === 'rejected' ? [`${targets[i].name}: ${o.reason?.message ?? o.reason}`] : [],
    );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    throw new Error(`esbuild failed for ${failures.join('\n')}`);
  }
  const results = targets.map((t) => ({
    name: t.name,
    kind: t.kind,
    file: relative(ROOT, join(DIST, t.out)),
    ...sizeOf(join(DIST, t.out)),
    budgetBytes: t.kind === 'function' ? FUNCTION_BUDGET_BYTES : undefined,
  }));
  if (!quiet) process.stdout.write(sizeTable(results));
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
