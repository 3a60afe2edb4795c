// Guards the cold-start budget from the esbuild metafiles (dist/<name>/meta.json): a handler
// bundle holds only what its handler imports (never the emulator, the CLI, tests or dev-only
// packages), the build's stubs replace exactly what they are meant to (in function bundles,
// for the importers named in esbuild.config.mjs `STUBS`, never in the CLI), and each bundle
// stays within 1 MiB counting every chunk, with the rare paths (isomorphic-git, the Secrets
// Manager client) in chunks loaded on first use. build.test.ts checks that the stubbed bundles
// and every chunk still load.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Metafile as EsbuildMetafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildAll,
  bundleOutputs,
  FUNCTION_BUDGET_BYTES,
  packageSizes,
} from '../../esbuild.config.mjs';
import { FUNCTION_NAMES } from '../../infra/props.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const MAX_BUNDLE_BYTES = 1024 * 1024;

/**
 * Packages no function bundle may contain: `sha.js` is stubbed away; axios and what it pulled in
 * (form-data, mime-*, follow-redirects, proxy agents) left with it (lib/http speaks `node:http`).
 */
const KEPT_OUT = [
  'axios',
  'form-data',
  'mime-types',
  'mime-db',
  'follow-redirects',
  'https-proxy-agent',
  'agent-base',
  'sha.js',
];

/** Input path prefixes (relative to the repository root) no handler bundle may contain. */
const FORBIDDEN_PREFIXES = [
  'lib/emulator/',
  'lib/cli/',
  'test/',
  'bench/',
  'infra/',
  'node_modules/aws-cdk-lib/',
  'node_modules/constructs/',
  'node_modules/vitest/',
  'node_modules/fast-check/',
  'node_modules/@octokit/webhooks-examples/',
];

/** The part of a metafile the content rule reads (the test tables build it by hand). */
interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { bytes: number }>;
}

function isMetafile(value: unknown): value is Metafile {
  if (typeof value !== 'object' || value === null) return false;
  const { inputs, outputs } = value as Record<string, unknown>;
  return (
    typeof inputs === 'object' && inputs !== null && typeof outputs === 'object' && outputs !== null
  );
}

/** Inputs of `fn`'s bundle that must not be there: forbidden areas and other functions. */
function forbiddenInputs(meta: Metafile, fn: string): string[] {
  return Object.keys(meta.inputs).filter(
    (input) =>
      FORBIDDEN_PREFIXES.some((prefix) => input.startsWith(prefix)) ||
      (input.startsWith('functions/') && !input.startsWith(`functions/${fn}/`)),
  );
}

/** Reads dist/<fn>/meta.json, or the CLI's dist/cli/apisync.meta.json for `'cli'`. */
function readMeta(fn: string): EsbuildMetafile {
  const file = fn === 'cli' ? join(DIST, 'cli', 'apisync.meta.json') : join(DIST, fn, 'meta.json');
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isMetafile(parsed)) throw new Error(`${file} is not an esbuild metafile`);
  return parsed as EsbuildMetafile;
}

/** Builds once when the global setup has not (e.g. this file run on its own before a build). */
async function ensureBuilt(): Promise<void> {
  if (FUNCTION_NAMES.every((fn) => existsSync(join(DIST, fn, 'meta.json')))) return;
  // A bundle over budget is still written; the size test below reports it with its size.
  await buildAll({ quiet: true }).catch(() => undefined);
}

const inputsOf = (fn: string): string[] => Object.keys(readMeta(fn).inputs);
const packagesOf = (fn: string): string[] => packageSizes(readMeta(fn)).map((p) => p.name);

describe('forbiddenInputs', () => {
  const meta = (...inputs: string[]): Metafile => ({
    inputs: Object.fromEntries(inputs.map((i) => [i, {}])),
    outputs: {},
  });

  it.each([
    [['lib/emulator/server.ts'], ['lib/emulator/server.ts']],
    [['lib/cli/commands/dev.ts'], ['lib/cli/commands/dev.ts']],
    [['functions/sync-api/handler.ts'], ['functions/sync-api/handler.ts']],
    [['node_modules/aws-cdk-lib/index.js'], ['node_modules/aws-cdk-lib/index.js']],
    [
      [
        'functions/reconcile/handler.ts',
        'lib/sync/index.ts',
        'node_modules/agentkeepalive/index.js',
      ],
      [],
    ],
  ])('flags %j in the reconcile bundle as %j', (inputs, expected) => {
    expect(forbiddenInputs(meta(...inputs), 'reconcile')).toEqual(expected);
  });
});

describe('handler bundles', () => {
  beforeAll(ensureBuilt);

  it.each(FUNCTION_NAMES)('%s contains its own handler and no emulator, CLI or test code', (fn) => {
    const meta = readMeta(fn);
    expect(Object.keys(meta.inputs)).toContain(`functions/${fn}/handler.ts`);
    expect(forbiddenInputs(meta, fn)).toEqual([]);
  });

  it.each(FUNCTION_NAMES)('%s is at most 1 MiB, every chunk counted', (fn) => {
    // Prepare: every JavaScript file in dist/<fn>/, chunks included.
    const dir = join(DIST, fn);
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.mjs'));
    const bytes = files.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    // Assess
    expect(bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    expect(FUNCTION_BUDGET_BYTES).toBe(MAX_BUNDLE_BYTES);
    // The metafile describes these very files (same names and sizes), so the content checks
    // are about them, and no stale chunk of an earlier build is left in the directory.
    const outputs = bundleOutputs(readMeta(fn));
    expect(outputs.map((o) => o.path.slice(`dist/${fn}/`.length)).sort()).toEqual(files.sort());
    expect(outputs.reduce((sum, o) => sum + o.bytes, 0)).toBe(bytes);
  });
});

describe('lazily loaded chunks', () => {
  beforeAll(ensureBuilt);

  /** Packages in the files Node loads when `fn`'s index.mjs is imported. */
  const eagerPackagesOf = (fn: string): string[] => {
    const meta = readMeta(fn);
    const eager = bundleOutputs(meta).filter((o) => o.eager);
    return packageSizes(
      meta,
      eager.map((o) => o.path),
    ).map((p) => p.name);
  };

  it.each([
    ['reconcile', 'isomorphic-git'],
    ['reconcile', 'pako'],
    ['reconcile', '@aws-sdk/client-secrets-manager'],
    ['sync-api', '@aws-sdk/client-secrets-manager'],
    ['sync-api', '@smithy/core'],
  ])('%s loads %s only on first use', (fn, pkg) => {
    expect(packagesOf(fn)).toContain(pkg);
    expect(eagerPackagesOf(fn)).not.toContain(pkg);
  });

  it.each(FUNCTION_NAMES)('%s puts its handler in the eager index.mjs', (fn) => {
    const [entry] = bundleOutputs(readMeta(fn));
    expect(entry).toMatchObject({ path: `dist/${fn}/index.mjs`, eager: true });
    expect(Object.keys(readMeta(fn).outputs[`dist/${fn}/index.mjs`]?.inputs ?? {})).toContain(
      `functions/${fn}/handler.ts`,
    );
  });
});

describe('build stubs', () => {
  beforeAll(ensureBuilt);

  it.each(FUNCTION_NAMES)('%s contains none of the packages kept out', (fn) => {
    expect(packagesOf(fn).filter((name) => KEPT_OUT.includes(name))).toEqual([]);
  });

  it.each(FUNCTION_NAMES)('%s keeps only the English zod locale', (fn) => {
    const locales = inputsOf(fn).filter((input) => input.includes('node_modules/zod/v4/locales/'));
    expect(locales).toEqual(['node_modules/zod/v4/locales/en.js']);
  });

  it.each(['sync-api', 'reconcile'])('%s talks HTTP through lib/http on agentkeepalive', (fn) => {
    expect(packagesOf(fn)).toEqual(expect.arrayContaining(['lib/http', 'agentkeepalive']));
  });

  it.each(FUNCTION_NAMES)('%s bundles no HTTP client library', (fn) => {
    const clients = ['axios', 'got', 'node-fetch', 'undici'];
    expect(packagesOf(fn).filter((name) => clients.includes(name))).toEqual([]);
  });

  it('bundles the ESM builds of isomorphic-git (hashing with node:crypto) and yaml in reconcile', () => {
    const inputs = inputsOf('reconcile');
    expect(inputs).toEqual(
      expect.arrayContaining([
        'node_modules/isomorphic-git/index.js',
        'apisync-stub:sha1',
        'node_modules/yaml/browser/dist/index.js',
      ]),
    );
    expect(inputs).not.toContain('node_modules/isomorphic-git/index.cjs');
    expect(inputs).not.toContain('node_modules/yaml/dist/index.js');
  });

  it('leaves the CLI bundle with the real modules', () => {
    const inputs = inputsOf('cli');
    expect(inputs.filter((input) => input.startsWith('apisync-stub:'))).toEqual([]);
    expect(inputs).toEqual(
      expect.arrayContaining([
        'node_modules/isomorphic-git/index.cjs',
        'node_modules/yaml/dist/index.js',
        'node_modules/zod/v4/locales/de.js',
      ]),
    );
  });
});

describe('packageSizes', () => {
  const input = (bytes: number) => ({ bytesInOutput: bytes });
  const metafile = {
    inputs: {
      'functions/sync-api/handler.ts': {
        bytes: 1,
        imports: [{ path: 'lib/http/client.ts', kind: 'import-statement' as const }],
      },
      'lib/http/client.ts': {
        bytes: 1,
        imports: [{ path: 'node_modules/axios/index.js', kind: 'import-statement' as const }],
      },
      'node_modules/axios/index.js': {
        bytes: 1,
        imports: [{ path: 'apisync-stub:form-data', kind: 'import-statement' as const }],
      },
      'apisync-stub:form-data': { bytes: 1, imports: [] },
      'node_modules/@smithy/core/dist-es/a.js': { bytes: 1, imports: [] },
      'node_modules/@smithy/core/dist-es/b.js': { bytes: 1, imports: [] },
      'node_modules/a/node_modules/b/index.js': { bytes: 1, imports: [] },
      'lib/errors.ts': { bytes: 1, imports: [] },
    },
    outputs: {
      'dist/sync-api/index.mjs': {
        bytes: 1000,
        entryPoint: 'functions/sync-api/handler.ts',
        imports: [],
        exports: [],
        inputs: {
          'functions/sync-api/handler.ts': input(10),
          'lib/http/client.ts': input(20),
          'node_modules/axios/index.js': input(300),
          'apisync-stub:form-data': input(5),
          'node_modules/@smithy/core/dist-es/a.js': input(200),
          'node_modules/@smithy/core/dist-es/b.js': input(150),
          'node_modules/a/node_modules/b/index.js': input(40),
          'lib/errors.ts': input(1),
        },
      },
      'dist/sync-api/index.mjs.map': { bytes: 5, imports: [], exports: [], inputs: {} },
    },
  } satisfies EsbuildMetafile;

  it('sums bytesInOutput per package, largest first, with the importing packages', () => {
    expect(packageSizes(metafile)).toEqual([
      { name: '@smithy/core', bytes: 350, files: 2, via: [] },
      { name: 'axios', bytes: 300, files: 1, via: ['lib/http'] },
      { name: 'b', bytes: 40, files: 1, via: [] },
      { name: 'lib/http', bytes: 20, files: 1, via: ['functions/sync-api'] },
      { name: 'functions/sync-api', bytes: 10, files: 1, via: [] },
      { name: 'stub:form-data', bytes: 5, files: 1, via: ['axios'] },
      { name: 'lib', bytes: 1, files: 1, via: [] },
    ]);
  });

  it('rejects an output the metafile does not have', () => {
    expect(() => packageSizes(metafile, 'dist/other/index.mjs')).toThrow(/no output/);
  });
});

describe('bundleOutputs', () => {
  const output = (
    inputs: Record<string, number>,
    imports: [string, 'import-statement' | 'dynamic-import'][],
  ) => ({
    bytes: Object.values(inputs).reduce((sum, b) => sum + b, 0),
    imports: imports.map(([path, kind]) => ({ path, kind })),
    exports: [],
    inputs: Object.fromEntries(Object.entries(inputs).map(([i, b]) => [i, { bytesInOutput: b }])),
  });
  /** index.mjs imports a shared chunk statically and the git chunk with `import()`. */
  const metafile = {
    inputs: {
      'functions/reconcile/handler.ts': { bytes: 1, imports: [] },
      'lib/source/index.ts': { bytes: 1, imports: [] },
      'lib/source/git.ts': { bytes: 1, imports: [] },
      'node_modules/isomorphic-git/index.js': { bytes: 1, imports: [] },
    },
    outputs: {
      'dist/reconcile/chunks/git-X.mjs': output(
        { 'lib/source/git.ts': 30, 'node_modules/isomorphic-git/index.js': 700 },
        [['dist/reconcile/chunks/chunk-S.mjs', 'import-statement']],
      ),
      'dist/reconcile/index.mjs': {
        ...output({ 'functions/reconcile/handler.ts': 10 }, [
          ['dist/reconcile/chunks/chunk-S.mjs', 'import-statement'],
          ['dist/reconcile/chunks/git-X.mjs', 'dynamic-import'],
        ]),
        entryPoint: 'functions/reconcile/handler.ts',
      },
      'dist/reconcile/chunks/chunk-S.mjs': output({ 'lib/source/index.ts': 20 }, []),
      'dist/reconcile/index.mjs.map': output({}, []),
    },
  } satisfies EsbuildMetafile;

  it('lists the entry first, then what it imports statically, then the chunks import() loads', () => {
    expect(bundleOutputs(metafile)).toEqual([
      { path: 'dist/reconcile/index.mjs', bytes: 10, eager: true },
      { path: 'dist/reconcile/chunks/chunk-S.mjs', bytes: 20, eager: true },
      { path: 'dist/reconcile/chunks/git-X.mjs', bytes: 730, eager: false },
    ]);
  });

  it.each([
    ['every file', undefined, ['isomorphic-git', 'lib/source', 'functions/reconcile']],
    [
      'the eager files',
      ['dist/reconcile/index.mjs', 'dist/reconcile/chunks/chunk-S.mjs'],
      ['lib/source', 'functions/reconcile'],
    ],
    ['one chunk', 'dist/reconcile/chunks/git-X.mjs', ['isomorphic-git', 'lib/source']],
  ])('sums packages over %s', (_, outputs, expected) => {
    expect(packageSizes(metafile, outputs).map((p) => p.name)).toEqual(expected);
  });
});
