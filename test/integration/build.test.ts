// The shipped artefacts: test/global-setup.ts ran `buildAll` before the suite. Each function
// bundle is imported from a real .mjs file in a child process (not `node -e`, whose `require`
// in scope hides a missing createRequire banner), and the CLI runs through its shebang.
// A fixture built with the function bundles' esbuild options proves the stubbed dependencies
// (esbuild.config.mjs `STUBS`) still do their job, and lib/http still talks to real loopback
// servers from inside such a bundle.
import { execFile, spawnSync } from 'node:child_process';
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
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { esbuildOptions, FUNCTION_BUDGET_BYTES, overBudget } from '../../esbuild.config.mjs';
import { NODE_RUNTIME_FLAGS } from '../../scripts/node-flags.mjs';
import { startServer, startTlsServer, type TestServer } from '../helpers/servers.js';
import { makePki } from '../helpers/tls.js';
import {
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from '../support/secrets-manager.js';

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

// Imports what the stubs touch, exercises each path once and prints the outcomes as JSON.
const STUB_FIXTURE = `
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { hashBlob } from 'isomorphic-git';
import { parse } from 'yaml';
import { z } from 'zod';
import { createAgentRegistry, createHttpClient } from './lib/http/index.ts';

const input = JSON.parse(process.env.FIXTURE_INPUT ?? '{}');
const settle = (promise) => promise.then((ok) => ({ ok }), (err) => ({ error: err.message }));
const registry = createAgentRegistry();
const clientOf = (baseUrl, tls) =>
  createHttpClient({ baseUrl, agents: registry.agentsFor(tls), timeoutMs: 5000 });
class FixtureError extends Error {}
const outcome = {
  http: await settle(
    clientOf(input.http)
      .request({ method: 'POST', path: '/plain', body: { field: 'value' } })
      .then((r) => r.data),
  ),
  https: await settle(
    clientOf(input.https, { ca: input.ca })
      .request({ method: 'GET', path: '/tls' })
      .then((r) => r.data),
  ),
  sockets: registry.counters().socketsCreated,
  sha1: await hashBlob({ object: 'hello' }).then((r) => r.oid),
  yaml: parse('a: [1, 2]'),
  zodMessage: z.string().safeParse(1).error?.issues[0]?.message,
  zodLocales: Object.keys(z.locales),
  errorName: new FixtureError('x').constructor.name,
  // The SDK's default credential chain, its developer-machine links stubbed.
  secret: await settle(
    new SecretsManagerClient({})
      .send(new GetSecretValueCommand({ SecretId: 'apisync/fixture' }))
      .then((r) => r.SecretString),
  ),
};
registry.destroy();
process.stdout.write(JSON.stringify(outcome));
`;

/** A settled promise of the fixture: its value, or its error's message. */
type Settled = { ok?: unknown; error?: string };

interface FixtureOutcome {
  http: Settled;
  https: Settled;
  sockets: number;
  secret: Settled;
  sha1: string;
  yaml: unknown;
  zodMessage: string;
  zodLocales: string[];
  errorName: string;
}

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

describe('chunks loaded on first use', () => {
  /** Every `dist/<fn>/chunks/*.mjs`, as [function, chunk file]. */
  const chunks = FUNCTIONS.flatMap((fn) => {
    const dir = join(DIST, fn, 'chunks');
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => name.endsWith('.mjs'))
          .map((name) => [fn, name] as const)
      : [];
  });

  it('splits reconcile and sync-api into an entry and chunks', () => {
    expect(chunks.filter(([fn]) => fn === 'reconcile').length).toBeGreaterThan(0);
    expect(chunks.filter(([fn]) => fn === 'sync-api').length).toBeGreaterThan(0);
  });

  it.each(FUNCTIONS)('%s: every chunk loads as ESM from its .mjs file', (fn) => {
    // Prepare: a probe that imports each chunk the way `import()` in index.mjs would.
    const urls = chunks
      .filter(([name]) => name === fn)
      .map(([, file]) => pathToFileURL(join(DIST, fn, 'chunks', file)).href);
    const dir = mkdtempSync(join(tmpdir(), 'apisync-chunks-'));
    const probe = join(dir, 'chunks.mjs');
    writeFileSync(
      probe,
      'for (const url of JSON.parse(process.argv[2])) await import(url);\nprocess.stdout.write("ok");\n',
    );
    // Act
    const run = spawnSync(process.execPath, [probe, JSON.stringify(urls)], {
      encoding: 'utf8',
      env: { ...process.env, APISYNC_LOG_LEVEL: 'silent' },
    });
    rmSync(dir, { recursive: true, force: true });
    // Assess
    expect(run.stderr).not.toContain('Dynamic require');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('ok');
  });
});

describe('stubbed dependencies in a function bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apisync-stub-fixture-'));
  const fixture = join(dir, 'fixture.mjs');
  let plain: TestServer;
  let tls: TestServer;
  let ca: string;
  let sm: SecretsManagerStandIn;
  let inputs: string[] = [];
  /** What the loopback "container credentials endpoint" hands out (as ECS or Lambda would). */
  const containerCredentials = {
    AccessKeyId: 'AKIDCONTAINER',
    SecretAccessKey: 'container-secret',
    Token: 'container-token',
    Expiration: '2099-01-01T00:00:00Z',
  };

  beforeAll(async () => {
    // Prepare: the fixture built exactly like a function bundle, an HTTP and an HTTPS server.
    const result = await build({
      ...esbuildOptions('function'),
      stdin: {
        contents: STUB_FIXTURE,
        resolveDir: ROOT,
        sourcefile: 'stub-fixture.ts',
        loader: 'ts',
      },
      outfile: fixture,
      write: true,
    });
    inputs = Object.keys(result.metafile?.inputs ?? {});
    plain = await startServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const echo = { url: req.url, type: req.headers['content-type'] ?? '', body };
        res.end(JSON.stringify(req.url === '/credentials' ? containerCredentials : echo));
      });
    });
    const pki = makePki();
    ca = pki.ca;
    tls = await startTlsServer({ ...pki.server }, (req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.url, secure: true }));
    });
    sm = await startSecretsManagerStandIn();
    sm.putSecret('apisync/fixture', 'fixture-value');
  });

  afterAll(async () => {
    await Promise.all([plain?.close(), tls?.close(), sm?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the fixture in a fresh process with Lambda-like credentials, or `credentials`. */
  async function runFixture(credentials?: Record<string, string>): Promise<FixtureOutcome> {
    const { stdout } = await promisify(execFile)(process.execPath, [fixture], {
      encoding: 'utf8',
      timeout: 20_000,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir, // no ~/.aws of the machine running the tests
        FIXTURE_INPUT: JSON.stringify({ http: plain.url, https: tls.url, ca }),
        AWS_REGION: sm.region,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.endpoint,
        AWS_EC2_METADATA_DISABLED: 'true',
        ...(credentials ?? {
          AWS_ACCESS_KEY_ID: 'AKIDLAMBDA',
          AWS_SECRET_ACCESS_KEY: 'lambda-secret',
          AWS_SESSION_TOKEN: 'lambda-token',
        }),
      },
    });
    return JSON.parse(stdout) as FixtureOutcome;
  }

  it('is built with the stubs, not the real modules', () => {
    expect(inputs).toEqual(
      expect.arrayContaining([
        'apisync-stub:zod-locales',
        'apisync-stub:sha1',
        'apisync-stub:aws-credential-links',
      ]),
    );
    const real = /node_modules\/(sha\.js|@aws-sdk\/nested-clients)\//;
    expect(inputs.filter((i) => real.test(i))).toEqual([]);
  });

  it('sends real HTTP and HTTPS requests through lib/http and agentkeepalive', async () => {
    const outcome = await runFixture();
    expect(outcome.http).toEqual({
      ok: { url: '/plain', type: 'application/json', body: '{"field":"value"}' },
    });
    expect(outcome.https).toEqual({ ok: { url: '/tls', secure: true } });
    expect(outcome.sockets).toBe(2);
    expect(plain.requests.map((r) => r.url)).toContain('/plain');
    expect(tls.requests.map((r) => r.url)).toContain('/tls');
  });

  it('keeps git hashes, YAML, English zod messages and class names working', async () => {
    const outcome = await runFixture();
    expect(outcome.sha1).toBe('b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0'); // git hash-object of "hello"
    expect(outcome.yaml).toEqual({ a: [1, 2] });
    expect(outcome.zodMessage).toBe('Invalid input: expected string, received number');
    expect(outcome.zodLocales).toEqual(['en']);
    expect(outcome.errorName).toBe('FixtureError');
  });

  it('reads a secret with the credentials Lambda puts in the environment', async () => {
    const before = sm.count('GetSecretValue', 'apisync/fixture');
    const { secret } = await runFixture();
    expect(secret).toEqual({ ok: 'fixture-value' });
    expect(sm.count('GetSecretValue', 'apisync/fixture')).toBe(before + 1);
  });

  it('passes the stubbed credential links on to container credentials', async () => {
    // Prepare: no keys in the environment, a profile set (the ini link would be asked first).
    const before = plain.requests.filter((r) => r.url === '/credentials').length;
    // Act
    const { secret } = await runFixture({
      AWS_PROFILE: 'developer',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${plain.url}/credentials`,
    });
    // Assess
    expect(secret).toEqual({ ok: 'fixture-value' });
    expect(plain.requests.filter((r) => r.url === '/credentials').length).toBe(before + 1);
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
    expect(
      readFileSync(file, 'utf8').startsWith(
        `#!/usr/bin/env -S node ${NODE_RUNTIME_FLAGS.join(' ')}\n`,
      ),
    ).toBe(true);
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

  it('exits 64 (usage error) with the help on stderr for an unknown command', () => {
    const run = cli('frobnicate');
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('unknown command "frobnicate"');
  });
});
