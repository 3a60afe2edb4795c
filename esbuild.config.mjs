// One build for everything that ships: every functions/<name>/handler.ts becomes
// dist/<name>/index.mjs plus the chunks it loads on first use in dist/<name>/chunks/ (a
// self-contained Lambda bundle, AWS SDK included), and lib/cli/main.ts becomes the executable
// dist/cli/apisync.mjs.
//
// `node esbuild.config.mjs [--quiet]` builds, prints a size table, and exits non-zero when a
// function bundle is over its budget. Tests import `buildAll` (test/global-setup.ts); the
// types are in esbuild.config.d.mts. `node scripts/bundle-report.mjs` shows what each bundle
// is made of, per package.

import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import {
  bundleOutputs,
  eagerBytes,
  overBudgetLine,
  packageSizes,
  sizeTable,
} from './scripts/bundle-report.mjs';
import { NODE_RUNTIME_FLAGS } from './scripts/node-flags.mjs';

const ROOT = dirname(fileURLToPath(import.meta.url));
const DIST = join(ROOT, 'dist');
/** Lambda bundles must stay small: init time grows with the code Node parses. */
const FUNCTION_BUDGET_BYTES = 1024 * 1024;

/** Where a function's lazily loaded chunks go, inside dist/<name>/. */
const CHUNKS_DIR = 'chunks';

// CJS dependencies (agentkeepalive, the AWS SDK's deps) call `require` for Node
// built-ins; inside an ESM bundle that needs a real `require` (reference: serverless.md §4.3).
const REQUIRE_BANNER =
  "import { createRequire as __apisyncCreateRequire } from 'node:module';\n" +
  'const require = __apisyncCreateRequire(import.meta.url);';

const STUB_NAMESPACE = 'apisync-stub';
/** Importer predicates, on `/`-separated absolute paths. */
const posix = (path) => path.split(sep).join('/');
const FROM_ZOD = (importer) => /\/node_modules\/zod\/v4\/(classic|core)\//.test(posix(importer));
const FROM_ISOMORPHIC_GIT = (importer) => posix(importer).includes('/node_modules/isomorphic-git/');
const FROM_AWS_CREDENTIAL_CHAIN = (importer) =>
  posix(importer).includes('/node_modules/@aws-sdk/credential-provider-node/');
/** First-party code (lib/, functions/, a test fixture): anything not inside a dependency. */
const FROM_PROJECT = (importer) => !posix(importer).includes('/node_modules/');

/**
 * What the function bundles load in place of a module (the CLI keeps the real ones), and only
 * when `importer` imports it: any other importer of the same module gets the real one. Each
 * replacement is dead code for apisync, or the same code through a smaller path:
 *
 * - zod's `locales` namespace (~260 KiB of translated messages): `import { z }` is one namespace
 *   object, so esbuild cannot drop the unused `z.locales.*`. English, zod's default and the
 *   only language apisync reports in, stays; `z.locales.<other>` is undefined.
 * - isomorphic-git and yaml: their `node` export is CommonJS, which esbuild cannot tree-shake
 *   (~90 KiB); their ESM build is the same code. isomorphic-git's ESM build hashes with the
 *   pure-JS `sha.js` where the CommonJS one uses `node:crypto`, so `sha.js/sha1.js` becomes
 *   `node:crypto`'s SHA-1 again (the only other difference is the export syntax). yaml's
 *   `!!binary` tags (YAML 1.1 only) then decode to a Uint8Array via `atob`, and its warnings go
 *   to `console.warn` rather than `process.emitWarning`.
 * - The AWS SDK default credential chain's developer-machine links (~90 KiB with the STS, SSO
 *   and sign-in clients they embed): SSO, shared ini profiles, `credential_process` and web
 *   identity token files. Lambda hands a function its role's credentials in environment
 *   variables, the chain's first link; the container and instance-metadata links stay too.
 *   Each stubbed link defers to the next one, as a link without configuration does.
 */
const STUBS = [
  {
    name: 'zod-locales',
    filter: /^\.\.\/locales\/index\.js$/,
    importer: FROM_ZOD,
    contents: "export { default as en } from './en.js';",
    resolveDir: (importer) => join(dirname(importer), '..', 'locales'),
  },
  {
    name: 'isomorphic-git',
    filter: /^isomorphic-git$/,
    importer: FROM_PROJECT,
    file: 'node_modules/isomorphic-git/index.js',
  },
  {
    name: 'sha1',
    filter: /^sha\.js\/sha1\.js$/,
    importer: FROM_ISOMORPHIC_GIT,
    contents: `import { createHash } from 'node:crypto';
export default function Sha1() { return createHash('sha1'); }`,
  },
  {
    name: 'aws-credential-links',
    filter: /^@aws-sdk\/credential-provider-(sso|ini|process|web-identity)$/,
    importer: FROM_AWS_CREDENTIAL_CHAIN,
    contents: `import { CredentialsProviderError } from '@smithy/core/config';
const skip = (link) => (init = {}) => async () => {
  throw new CredentialsProviderError(link + ' is not bundled in apisync functions (apisync stub)', {
    logger: init.logger,
    tryNextLink: true,
  });
};
export const fromSSO = skip('fromSSO');
export const fromIni = skip('fromIni');
export const fromProcess = skip('fromProcess');
export const fromTokenFile = skip('fromTokenFile');`,
    resolveDir: (importer) => dirname(importer),
  },
  {
    name: 'yaml',
    filter: /^yaml$/,
    importer: FROM_PROJECT,
    file: 'node_modules/yaml/browser/index.js',
  },
];

/** An esbuild plugin that loads each of `stubs` in place of its module, for its importers. */
function stubPlugin(stubs) {
  return {
    name: 'apisync-stubs',
    setup(b) {
      for (const stub of stubs) {
        b.onResolve({ filter: stub.filter }, (args) => {
          if (!stub.importer(args.importer)) return undefined;
          if (stub.file) return { path: join(ROOT, stub.file) };
          const resolveDir = stub.resolveDir?.(args.importer) ?? ROOT;
          return { path: stub.name, namespace: STUB_NAMESPACE, pluginData: { resolveDir } };
        });
      }
      b.onLoad({ filter: /.*/, namespace: STUB_NAMESPACE }, (args) => ({
        contents: stubs.find((s) => s.name === args.path)?.contents,
        loader: 'js',
        resolveDir: args.pluginData.resolveDir,
      }));
    },
  };
}

/**
 * The esbuild options every target shares (all but entry point and output file). Exported so
 * tests can build a fixture exactly as a function bundle is built.
 */
function esbuildOptions(kind) {
  return {
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // ESM entry points of dual packages (the AWS SDK) tree-shake far better (serverless.md §2.6).
    mainFields: ['module', 'main'],
    minify: true,
    // Error classes set `name` from their constructor: keep the names through minification.
    keepNames: true,
    // Non-ASCII text as UTF-8 rather than \uXXXX escapes: smaller, and Node reads UTF-8.
    charset: 'utf8',
    sourcemap: 'external',
    sourcesContent: false,
    metafile: true,
    legalComments: 'none',
    banner: {
      js: `${kind === 'cli' ? `#!/usr/bin/env -S node ${NODE_RUNTIME_FLAGS.join(' ')}\n` : ''}${REQUIRE_BANNER}`,
    },
    plugins: kind === 'function' ? [stubPlugin(STUBS)] : [],
    logLevel: 'silent',
  };
}

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

/**
 * Where a target's files go. A function is split (issue 10, cold start): its handler becomes
 * `index.mjs`, and what the code loads with `import()` (isomorphic-git for `git` sources, the
 * Secrets Manager client) becomes a chunk under `chunks/` that Node reads and parses only
 * when it is first used. Splitting is an option of the build, not of `esbuildOptions`, so a
 * fixture built with those options into one `outfile` still works.
 */
function outputOptions(target) {
  const outfile = join(DIST, target.out);
  if (target.kind !== 'function') return { entryPoints: [target.entry], outfile };
  return {
    entryPoints: { [basename(target.out, '.mjs')]: target.entry },
    outdir: dirname(outfile),
    splitting: true,
    chunkNames: `${CHUNKS_DIR}/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
  };
}

/**
 * Deletes chunks an earlier build left behind (hashed names: stale ones never get overwritten).
 * Only files older than this build's start go: a build running at the same time in another
 * process (two test runs) writes its chunks after it started, so neither deletes the chunks the
 * other's index.mjs needs; a leftover goes with the next build.
 */
function removeStaleChunks(dir, written, startedMs) {
  const chunks = join(dir, CHUNKS_DIR);
  if (!existsSync(chunks)) return;
  for (const name of readdirSync(chunks)) {
    const file = join(chunks, name);
    if (written.has(file) || name.includes('.tmp-')) continue;
    const mtimeMs = statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? startedMs;
    if (mtimeMs < startedMs) rmSync(file, { force: true });
  }
}

/** Builds one entry into dist/; returns its metafile, throws esbuild's error. */
async function buildOne(target) {
  const outfile = join(DIST, target.out);
  const startedMs = Date.now();
  const result = await build({
    ...esbuildOptions(target.kind),
    ...outputOptions(target),
    write: false,
  });
  // Chunks first, the entry last: a reader that sees the new index.mjs finds its chunks.
  const isEntry = (path) => path === outfile || path === `${outfile}.map`;
  const ordered = [...result.outputFiles].sort(
    (a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)),
  );
  for (const out of ordered) {
    writeAtomic(
      out.path,
      out.contents,
      out.path === outfile && target.kind === 'cli' ? 0o755 : undefined,
    );
  }
  if (target.kind === 'cli') chmodSync(outfile, 0o755);
  else removeStaleChunks(dirname(outfile), new Set(ordered.map((out) => out.path)), startedMs);
  const meta = join(dirname(outfile), target.kind === 'cli' ? 'apisync.meta.json' : 'meta.json');
  writeAtomic(meta, JSON.stringify(result.metafile));
  return result.metafile;
}

/** Every JavaScript file of a bundle: the CLI's one file, or all of a function's directory. */
function codeFiles(target) {
  const outfile = join(DIST, target.out);
  if (target.kind !== 'function') return [outfile];
  const dir = dirname(outfile);
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((file) => file.endsWith('.mjs') && !file.includes('.tmp-'));
}

/** Raw and gzip bytes of a bundle, summed over `codeFiles`: the budget counts every chunk. */
function sizeOf(target) {
  let bytes = 0;
  let gzipBytes = 0;
  const files = codeFiles(target);
  for (const file of files) {
    const contents = readFileSync(file);
    bytes += contents.length;
    gzipBytes += gzipSync(contents).length;
  }
  return { bytes, gzipBytes, files: files.length };
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
  const results = all.flatMap((t, i) => {
    const outcome = settled[i];
    if (outcome.status !== 'fulfilled') return [];
    const file = relative(ROOT, join(DIST, t.out));
    return [
      {
        name: t.name,
        kind: t.kind,
        file,
        ...sizeOf(t),
        eagerBytes: eagerBytes(outcome.value),
        budgetBytes: t.kind === 'function' ? FUNCTION_BUDGET_BYTES : undefined,
        largest: packageSizes(outcome.value)
          .slice(0, 5)
          .map(({ name, bytes }) => ({ name, bytes })),
      },
    ];
  });
  if (!quiet) process.stdout.write(sizeTable(results));
  if (failures.length > 0) {
    throw new Error(`esbuild failed for ${failures.join('\n')}`);
  }
  const over = overBudget(results);
  if (over.length > 0) {
    throw new Error(
      `bundle over budget: ${over.map(overBudgetLine).join('; ')} (per package: node scripts/bundle-report.mjs)`,
    );
  }
  return results;
}

/** The results whose size exceeds their budget. */
function overBudget(results) {
  return results.filter((r) => r.budgetBytes !== undefined && r.bytes > r.budgetBytes);
}

const invokedDirectly =
  process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  buildAll({ quiet: process.argv.includes('--quiet') }).catch((err) => {
    process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}

export {
  buildAll,
  bundleOutputs,
  esbuildOptions,
  FUNCTION_BUDGET_BYTES,
  overBudget,
  packageSizes,
  STUBS,
  sizeTable,
};
