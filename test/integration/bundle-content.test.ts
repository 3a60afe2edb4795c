// Guards the cold-start budget from the esbuild metafiles (dist/<name>/meta.json): a handler
// bundle holds only what its handler imports (never the emulator, the CLI, tests or dev-only
// packages) and stays within 1 MiB.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../infra/props.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const MAX_BUNDLE_BYTES = 1024 * 1024;

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

function readMeta(fn: string): Metafile {
  const parsed: unknown = JSON.parse(readFileSync(join(DIST, fn, 'meta.json'), 'utf8'));
  if (!isMetafile(parsed)) throw new Error(`dist/${fn}/meta.json is not an esbuild metafile`);
  return parsed;
}

/** Builds once when the global setup has not (e.g. this file run on its own before a build). */
async function ensureBuilt(): Promise<void> {
  if (FUNCTION_NAMES.every((fn) => existsSync(join(DIST, fn, 'meta.json')))) return;
  const config: unknown = await import(pathToFileURL(join(ROOT, 'esbuild.config.mjs')).href);
  const buildAll = (config as { buildAll?: unknown }).buildAll;
  if (typeof buildAll !== 'function') throw new Error('esbuild.config.mjs exports no buildAll');
  await buildAll({ quiet: true });
}

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
    [['functions/reconcile/handler.ts', 'lib/sync/index.ts', 'node_modules/axios/index.js'], []],
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

  it.each(FUNCTION_NAMES)('%s is at most 1 MiB', (fn) => {
    const bytes = statSync(join(DIST, fn, 'index.mjs')).size;
    expect(bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    // The metafile describes this very file (same size), so the content check above is about it.
    const output = Object.entries(readMeta(fn).outputs).find(([path]) =>
      path.endsWith('index.mjs'),
    );
    expect(output?.[1].bytes).toBe(bytes);
  });
});
