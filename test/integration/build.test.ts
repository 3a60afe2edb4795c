// The shipped artefacts: test/global-setup.ts ran `buildAll` before the suite. Each function
// bundle is imported from a real .mjs file in a child process (not `node -e`, whose `require`
// in scope hides a missing createRequire banner), and the CLI runs through its shebang.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { FUNCTION_BUDGET_BYTES, overBudget } from '../../esbuild.config.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
const FUNCTIONS = readdirSync(join(ROOT, 'functions')).filter((name) =>
  existsSync(join(ROOT, 'functions', name, 'handler.ts')),
);
const probeDir = mkdtempSync(join(tmpdir(), 'apisync-probe-'));
const PROBE = join(probeDir, 'probe.mjs');
writeFileSync(
  PROBE,
  'const mod = await import(process.argv[2]);\nprocess.stdout.write(JSON.stringify({ handler: typeof mod.handler }));\n',
);

afterAll(() => rmSync(probeDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(join(DIST, 'cli', 'apisync.mjs'), args, {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

describe('function bundles', () => {
  it('built without errors', () => {
    expect(inject('buildError')).toBeNull();
  });

  it('builds the three functions', () => {
    expect(FUNCTIONS).toEqual(expect.arrayContaining(['git-webhook', 'reconcile', 'sync-api']));
  });

  it.each(FUNCTIONS)('%s: index.mjs, external source map and metafile, under 1 MiB', (name) => {
    const bundle = join(DIST, name, 'index.mjs');
    expect(statSync(bundle).size).toBeLessThanOrEqual(FUNCTION_BUDGET_BYTES);
    expect(existsSync(`${bundle}.map`)).toBe(true);
    expect(readFileSync(bundle, 'utf8')).not.toContain('sourceMappingURL');
    const meta = JSON.parse(readFileSync(join(DIST, name, 'meta.json'), 'utf8'));
    expect(Object.keys(meta.outputs).length).toBeGreaterThan(0);
  });

  it.each(FUNCTIONS)('%s: loads as ESM from a .mjs file and exports handler', (name) => {
    const bundle = pathToFileURL(join(DIST, name, 'index.mjs')).href;
    const run = spawnSync(process.execPath, [PROBE, bundle], {
      encoding: 'utf8',
      env: { ...process.env, APISYNC_LOG_LEVEL: 'silent' },
    });
    expect(run.stderr).not.toContain('Dynamic require');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ handler: 'function' });
  });
});

describe('size budget', () => {
  it('flags a function bundle over 1 MiB and ignores the CLI', () => {
    const results = [
      {
        file: 'dist/a/index.mjs',
        bytes: FUNCTION_BUDGET_BYTES + 1,
        budgetBytes: FUNCTION_BUDGET_BYTES,
      },
      {
        file: 'dist/b/index.mjs',
        bytes: FUNCTION_BUDGET_BYTES,
        budgetBytes: FUNCTION_BUDGET_BYTES,
      },
      { file: 'dist/cli/apisync.mjs', bytes: 5 * FUNCTION_BUDGET_BYTES, budgetBytes: undefined },
    ];
    expect(overBudget(results).map((r: { file: string }) => r.file)).toEqual(['dist/a/index.mjs']);
  });
});

describe('apisync CLI bundle', () => {
  it('is executable and starts with a shebang', () => {
    const file = join(DIST, 'cli', 'apisync.mjs');
    expect(statSync(file).mode & 0o111).not.toBe(0);
    expect(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const run = cli('--version');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${pkg.version}\n`);
  });

  it('lists every command in --help', () => {
    const run = cli('--help');
    expect(run.status).toBe(0);
    for (const name of ['ping', 'dump', 'diff', 'sync', 'validate', 'lint', 'emulator', 'dev']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
  });

  it('exits 2 with the help on stderr for an unknown command', () => {
    const run = cli('frobnicate');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown command "frobnicate"');
  });
});
