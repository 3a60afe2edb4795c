// One build for everything that ships: every functions/<name>/handler.ts becomes
// dist/<name>/index.mjs (a self-contained Lambda bundle, AWS SDK included), and
// lib/cli/main.ts becomes the executable dist/cli/apisync.mjs.
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
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { overBudgetLine, packageSizes, sizeTable } from './scripts/bundle-report.mjs';

const ROOT = dirname(fileURLToPath(import.meta.url));
const DIST = join(ROOT, 'dist');
/** Lambda bundles must stay small: init time grows with the code Node parses. */
const FUNCTION_BUDGET_BYTES = 1024 * 1024;

// CJS dependencies (axios, agentkeepalive, the AWS SDK's deps) call `require` for Node
// built-ins; inside an ESM bundle that needs a real `require` (reference: serverless.md §4.3).
const REQUIRE_BANNER =
  "import { createRequire as __apisyncCreateRequire } from 'node:module';\n" +
  'const require = __apisyncCreateRequire(import.meta.url);';

const STUB_NAMESPACE = 'apisync-stub';
/** Importer predicates, on `/`-separated absolute paths. */
const posix = (path) => path.split(sep).join('/');
const FROM_AXIOS = (importer) => posix(importer).includes('/node_modules/axios/');
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
 * - `form-data` (with mime-types and mime-db, ~150 KiB): axios's class for multipart bodies.
 *   Node 20's global, spec-compliant `FormData` takes its place, which axios streams itself
 *   (`formDataToStream`), so a multipart body still works; apisync sends none.
 * - `follow-redirects` (+ `debug`): axios needs it only when `maxRedirects` is not 0; apisync's
 *   one axios instance (lib/http/client.ts) sets 0 and so goes through `node:http(s)` directly.
 *   The stub fails any other request loudly.
 * - `https-proxy-agent` (+ agent-base, `debug`): only built for a configured or environment
 *   proxy; apisync sets `proxy: false`. The stub throws when constructed.
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
    name: 'form-data',
    filter: /^form-data$/,
    importer: FROM_AXIOS,
    contents: 'export default globalThis.FormData;',
  },
  {
    name: 'follow-redirects',
    filter: /^follow-redirects$/,
    importer: FROM_AXIOS,
    contents: `const transport = { request() {
  throw new Error('following redirects is not bundled: use maxRedirects: 0 (apisync stub for follow-redirects)');
} };
export default { http: transport, https: transport };`,
  },
  {
    name: 'https-proxy-agent',
    filter: /^https-proxy-agent$/,
    importer: FROM_AXIOS,
    contents: `export default class HttpsProxyAgent {
  constructor() {
    throw new Error('proxies are not bundled: use proxy: false (apisync stub for https-proxy-agent)');
  }
}`,
  },
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
    banner: { js: `${kind === 'cli' ? '#!/usr/bin/env node\n' : ''}${REQUIRE_BANNER}` },
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

/** Builds one entry into dist/; returns its metafile, throws esbuild's error. */
async function buildOne(target) {
  const outfile = join(DIST, target.out);
  const result = await build({
    ...esbuildOptions(target.kind),
    entryPoints: [target.entry],
    outfile,
    write: false,
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
  return result.metafile;
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
  const results = all.flatMap((t, i) => {
    const outcome = settled[i];
    if (outcome.status !== 'fulfilled') return [];
    const file = relative(ROOT, join(DIST, t.out));
    return [
      {
        name: t.name,
        kind: t.kind,
        file,
        ...sizeOf(join(DIST, t.out)),
        budgetBytes: t.kind === 'function' ? FUNCTION_BUDGET_BYTES : undefined,
        largest: packageSizes(outcome.value, file)
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
  esbuildOptions,
  FUNCTION_BUDGET_BYTES,
  overBudget,
  packageSizes,
  STUBS,
  sizeTable,
};
