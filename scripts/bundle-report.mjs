// Per-package contribution to each bundle, from the esbuild metafiles the build writes
// (dist/<name>/meta.json, dist/cli/apisync.meta.json). `bytesInOutput` is what a module costs
// after tree-shaking and minification, so the sums add up to (nearly) the bundle size; the
// rest is esbuild's runtime helpers and the banner.
//
//   node scripts/bundle-report.mjs                 every bundle in dist/, top 15 packages each
//   node scripts/bundle-report.mjs --top 5 reconcile sync-api
//   node scripts/bundle-report.mjs --json          machine-readable, every package
//
// esbuild.config.mjs uses `packageSizes`, `sizeTable` and `overBudgetLine` for its output and
// re-exports `packageSizes`, `bundleOutputs` and `sizeTable` (typed in esbuild.config.d.mts)
// for the tests and bench/coldstart.bench.ts. A function bundle is its index.mjs plus the
// chunks under chunks/ that it loads with `import()`; sizes count every file, and the report
// also shows what Node loads at import ("eager") apart from what it loads on first use.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const NODE_MODULES = 'node_modules/';

/**
 * The package a metafile input belongs to: the innermost `node_modules/<pkg>` (scoped names
 * kept whole), `lib/<area>` or `functions/<name>` for project code, and `stub:<name>` for the
 * replacements the build's stub plugin generates (esbuild names them `<namespace>:<path>`).
 */
function packageOf(input) {
  const at = input.lastIndexOf(NODE_MODULES);
  if (at >= 0) {
    const [first = '', second = ''] = input.slice(at + NODE_MODULES.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const namespaced = /^([a-z][\w-]*):(?!\/)(.+)$/.exec(input);
  if (namespaced) return `stub:${namespaced[2]}`;
  const parts = input.split('/');
  if ((parts[0] === 'lib' || parts[0] === 'functions') && parts.length > 2) {
    return `${parts[0]}/${parts[1]}`;
  }
  return parts.length > 1 ? parts[0] : input;
}

/** The output of an entry point (the bundle itself), or the named one. */
function bundleOutput(metafile, outputPath) {
  const outputs = Object.entries(metafile.outputs);
  const found = outputPath
    ? outputs.find(([path]) => path === outputPath)
    : outputs.find(([, out]) => out.entryPoint !== undefined);
  if (!found) throw new Error(`metafile has no output ${outputPath ?? 'with an entry point'}`);
  return found;
}

const isCode = (path) => /\.m?js$/.test(path);

/**
 * The JavaScript files of a build, entry point first: `eager` when Node loads the file as soon
 * as the entry is imported (the entry and what it imports statically, transitively), not when
 * only an `import()` reaches it (a chunk loaded on first use). Source maps are left out.
 */
function bundleOutputs(metafile) {
  const [entry] = bundleOutput(metafile);
  const eager = new Set([entry]);
  for (const path of eager) {
    for (const { path: to, kind } of metafile.outputs[path]?.imports ?? []) {
      if (kind === 'import-statement' && to in metafile.outputs) eager.add(to);
    }
  }
  return Object.entries(metafile.outputs)
    .filter(([path]) => isCode(path))
    .map(([path, out]) => ({ path, bytes: out.bytes, eager: eager.has(path) }))
    .sort(
      (a, b) =>
        Number(b.path === entry) - Number(a.path === entry) ||
        Number(b.eager) - Number(a.eager) ||
        a.path.localeCompare(b.path),
    );
}

/** Bytes Node reads when the bundle is imported: the eager files of `bundleOutputs`. */
function eagerBytes(metafile) {
  return bundleOutputs(metafile)
    .filter((o) => o.eager)
    .reduce((sum, o) => sum + o.bytes, 0);
}

/**
 * Sums `bytesInOutput` per package, largest first, over the named output (a path), several
 * outputs (an array), or every JavaScript file of the build (omitted: the entry and all its
 * chunks). `via` lists the packages whose modules import this package (how it got in:
 * `mime-db` via `mime-types`, that via `form-data`, that via `axios`).
 */
function packageSizes(metafile, outputPath) {
  const paths =
    outputPath === undefined
      ? bundleOutputs(metafile).map((o) => o.path)
      : [outputPath].flat().map((path) => bundleOutput(metafile, path)[0]);
  const included = new Set(
    paths.flatMap((path) => Object.keys(metafile.outputs[path]?.inputs ?? {})),
  );
  const rows = new Map();
  for (const path of paths) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[path].inputs)) {
      const name = packageOf(input);
      const row = rows.get(name) ?? { name, bytes: 0, files: 0, via: new Set() };
      row.bytes += bytesInOutput;
      row.files += 1;
      rows.set(name, row);
    }
  }
  for (const [importer, { imports = [] }] of Object.entries(metafile.inputs)) {
    const from = packageOf(importer);
    if (!included.has(importer)) continue;
    for (const { path } of imports) {
      const row = rows.get(packageOf(path));
      if (row && row.name !== from && included.has(path)) row.via.add(from);
    }
  }
  return [...rows.values()]
    .map((row) => ({ ...row, via: [...row.via].sort() }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** A plain-text table of the `top` largest packages of one bundle, with their share. */
function formatReport(title, rows, { top = 15, totalBytes } = {}) {
  const total = totalBytes ?? rows.reduce((sum, r) => sum + r.bytes, 0);
  const shown = rows.slice(0, top);
  const rest = rows.slice(top);
  const lines = [
    ['package', 'size', 'share', 'files', 'via'],
    ...shown.map((r) => [
      r.name,
      kib(r.bytes),
      `${((100 * r.bytes) / total).toFixed(1)}%`,
      String(r.files),
      r.via.slice(0, 3).join(', ') + (r.via.length > 3 ? ', …' : ''),
    ]),
  ];
  if (rest.length > 0) {
    const restBytes = rest.reduce((sum, r) => sum + r.bytes, 0);
    lines.push([`(${rest.length} more)`, kib(restBytes), '', '', '']);
  }
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const text = lines.map((l) =>
    l
      .map((cell, i) =>
        i === 1 || i === 2 || i === 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]),
      )
      .join('  ')
      .trimEnd(),
  );
  return `${title} (${kib(total)})\n${text.join('\n')}\n`;
}

/** One bundle of the build's over-budget message, with its three largest packages. */
function overBudgetLine(r) {
  const largest = (r.largest ?? []).slice(0, 3).map((p) => `${p.name} ${kib(p.bytes)}`);
  const detail = largest.length > 0 ? ` (largest: ${largest.join(', ')})` : '';
  return `${r.file} ${kib(r.bytes)} > ${kib(r.budgetBytes)}${detail}`;
}

/**
 * A plain-text table: bundle, raw size (every file of it), gzip size, what Node loads at import
 * (`eager`, when known), file count and budget.
 */
function sizeTable(results) {
  const rows = [
    ['bundle', 'raw', 'gzip', 'eager', 'files', 'budget'],
    ...results.map((r) => [
      r.file,
      kib(r.bytes),
      kib(r.gzipBytes),
      r.eagerBytes === undefined ? '-' : kib(r.eagerBytes),
      String(r.files ?? 1),
      r.budgetBytes ? kib(r.budgetBytes) : '-',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return `${rows.map(line).join('\n')}\n`;
}

/** The metafiles in dist/: `[name, path]`, functions first (sorted), then the CLI. */
function distMetafiles(dist = DIST) {
  if (!existsSync(dist)) return [];
  const functions = readdirSync(dist, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dist, d.name, 'meta.json')))
    .map((d) => [d.name, join(dist, d.name, 'meta.json')])
    .sort(([a], [b]) => a.localeCompare(b));
  const cli = join(dist, 'cli', 'apisync.meta.json');
  return existsSync(cli) ? [...functions, ['cli', cli]] : functions;
}

/** One bundle's text report: every file, then packages overall and loaded at import. */
function textReport(r, top) {
  const files = r.outputs.map(
    (o) => `  ${o.path}  ${kib(o.bytes)}${o.eager ? '' : '  (loaded on first use)'}`,
  );
  const lazy = r.outputs.length > 1;
  return [
    `${r.name}: ${r.outputs.length} file(s)\n${files.join('\n')}\n`,
    formatReport(`${r.name}: every file`, r.packages, { top, totalBytes: r.bytes }),
    lazy
      ? formatReport(`${r.name}: loaded at import`, r.eagerPackages, {
          top,
          totalBytes: r.eagerBytes,
        })
      : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function parseArgs(argv) {
  const options = { top: 15, json: false, names: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--top') options.top = Number.parseInt(argv[++i] ?? '', 10);
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else options.names.push(arg);
  }
  if (!Number.isInteger(options.top) || options.top < 1) throw new Error('--top takes a count');
  return options;
}

function main(argv) {
  const options = parseArgs(argv);
  const all = distMetafiles();
  const unknown = options.names.filter((n) => !all.some(([name]) => name === n));
  if (all.length === 0 || unknown.length > 0) {
    throw new Error(
      all.length === 0
        ? 'no metafiles in dist/: run `npm run build` first'
        : `no bundle ${unknown.join(', ')}`,
    );
  }
  const chosen = options.names.length > 0 ? all.filter(([n]) => options.names.includes(n)) : all;
  const reports = chosen.map(([name, file]) => {
    const metafile = JSON.parse(readFileSync(file, 'utf8'));
    const outputs = bundleOutputs(metafile);
    const eager = outputs.filter((o) => o.eager).map((o) => o.path);
    return {
      name,
      file: outputs[0]?.path,
      bytes: outputs.reduce((sum, o) => sum + o.bytes, 0),
      eagerBytes: eagerBytes(metafile),
      outputs,
      packages: packageSizes(metafile),
      eagerPackages: packageSizes(metafile, eager),
    };
  });
  if (options.json) return `${JSON.stringify(reports, null, 2)}\n`;
  return reports.map((r) => textReport(r, options.top)).join('\n');
}

const invokedDirectly =
  process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  try {
    process.stdout.write(main(process.argv.slice(2)));
  } catch (err) {
    process.stderr.write(`bundle-report: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

export {
  bundleOutputs,
  distMetafiles,
  eagerBytes,
  formatReport,
  overBudgetLine,
  packageOf,
  packageSizes,
  sizeTable,
};
