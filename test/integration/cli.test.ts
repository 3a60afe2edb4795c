/**
 * The `apisync` CLI in-process (real emulator, real sockets): exit codes, ADC environment
 * variables, `diff --exit-code`, `dump -o` round trips, failure output, and the promise that
 * the CLI and `runSync` with a config object plan the same events.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../../lib/cli/main.js';
import type { EmulatorHandle } from '../../lib/emulator/apisix-admin/index.js';
import { createAgentRegistry } from '../../lib/http/index.js';
import { runSync } from '../../lib/sync/index.js';
import type { Report } from '../../lib/sync/types.js';
import {
  ADMIN_KEY,
  captureIO,
  FULL_YAML,
  fullConfig,
  startGateway,
  targetOf,
  VERSIONS,
  writesSince,
} from '../fixtures/engine/support.js';

describe.each(VERSIONS)('apisync CLI against APISIX %s', (version) => {
  let emu: EmulatorHandle;
  let dir: string;

  beforeEach(async () => {
    emu = await startGateway(version);
    dir = mkdtempSync(join(tmpdir(), 'apisync-cli-'));
  });
  afterEach(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the CLI with ADC's environment variables for the gateway. */
  const cli = async (...args: string[]) => {
    const io = captureIO(dir, { ADC_SERVER: emu.url, ADC_TOKEN: ADMIN_KEY });
    const code = await main(args, io);
    return { code, out: io.out(), err: io.err() };
  };

  it('plans exactly what runSync plans for the same configuration as an object', async () => {
    // Act
    const fromCli = await cli('diff', '-f', FULL_YAML, '--json');
    const registry = createAgentRegistry({ env: {} });
    const fromObject = await runSync({
      mode: 'diff',
      config: fullConfig(),
      target: targetOf(emu),
      registry,
    });
    registry.destroy();

    // Assess
    expect(fromCli.code).toBe(0);
    const report = JSON.parse(fromCli.out) as Report;
    expect(report.events?.length).toBeGreaterThan(15);
    expect(report.events).toEqual(fromObject.events);
    // Credentials in the planned bodies are masked.
    expect(fromCli.out).not.toContain('alice-example-key');
    expect(fromCli.out).not.toContain('bob-example-password');
    expect(fromCli.out).toContain('[REDACTED]');
  });

  it('exits 0 from diff --exit-code when equal, 2 when different', async () => {
    // Act
    const before = await cli('diff', '-f', FULL_YAML, '--exit-code');
    const synced = await cli('sync', '-f', FULL_YAML);
    const after = await cli('diff', '-f', FULL_YAML, '--exit-code');

    // Assess
    expect(before.code).toBe(2);
    expect(synced.code).toBe(0);
    expect(synced.out).toMatch(/\d+ applied, 0 failed, 0 skipped/);
    expect(after.code).toBe(0);
    expect(after.out).toContain('0 to create, 0 to update, 0 to delete');
  });

  it('dumps to a file that syncs back with no writes (SSL key supplied by the user)', async () => {
    // Prepare
    await cli('sync', '-f', FULL_YAML);
    const file = join(dir, 'dump.yaml');

    // Act
    const dumped = await cli('dump', '-o', file, '--with-id');
    const config = parse(readFileSync(file, 'utf8')) as {
      ssls: { certificates: { key?: string }[] }[];
      services: { id?: string }[];
    };
    for (const ssl of config.ssls)
      for (const c of ssl.certificates) c.key = '$env://EXAMPLE_TLS_KEY';
    writeFileSync(file, stringify(config));
    const before = emu.requests.length;
    const resynced = await cli('sync', '-f', file);

    // Assess
    expect(dumped.code).toBe(0);
    expect(config.services.every((s) => typeof s.id === 'string')).toBe(true);
    expect(resynced.code).toBe(0);
    expect(resynced.out).toContain('0 to create, 0 to update, 0 to delete');
    expect(writesSince(emu, before)).toEqual([]);
  });
});

describe('apisync CLI failures', () => {
  let emu: EmulatorHandle;
  let dir: string;

  beforeEach(async () => {
    emu = await startGateway('3.18.0');
    dir = mkdtempSync(join(tmpdir(), 'apisync-cli-'));
  });
  afterEach(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (env: Record<string, string>, ...args: string[]) => {
    const io = captureIO(dir, env);
    const code = await main(args, io);
    return { code, out: io.out(), err: io.err() };
  };
  const gateway = () => ({ APISYNC_SERVER: emu.url, APISYNC_TOKEN: ADMIN_KEY });

  it('exits 1 with the Admin API message when a route write is rejected', async () => {
    // Prepare
    emu.addFault({
      method: 'PUT',
      path: '/apisix/admin/routes/*',
      times: 1,
      status: 400,
      body: { error_msg: 'failed to validate the vars expression' },
    });

    // Act
    const result = await cli(gateway(), 'sync', '-f', FULL_YAML);

    // Assess
    expect(result.code).toBe(1);
    expect(result.out).toContain('failed  create route');
    expect(result.out).toContain('failed to validate the vars expression');
    expect(result.out + result.err).not.toContain(ADMIN_KEY);
  });

  it('with --exit-on-failure stops scheduling and reports what was not attempted', async () => {
    // Prepare
    emu.addFault({
      method: 'PUT',
      path: '/apisix/admin/ssls/*',
      status: 400,
      body: { error_msg: 'bad cert' },
    });

    // Act
    const result = await cli(
      gateway(),
      'sync',
      '-f',
      FULL_YAML,
      '--exit-on-failure',
      '--concurrency',
      '1',
      '--json',
    );

    // Assess
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as Report;
    expect(report.failed.map((f) => f.event.resourceType)).toEqual(['ssl']);
    expect(report.skipped.length).toBeGreaterThan(0);
    expect(report.skipped.every((s) => s.reason.includes('not attempted'))).toBe(true);
    expect(report.success_count + report.failed_count + report.skipped.length).toBe(
      report.plan.create,
    );
  });

  it('exits 1 with a clear message when the Admin API is down, for sync and diff --exit-code', async () => {
    // Prepare
    const env = gateway();
    await emu.close();

    // Act
    const sync = await cli(env, 'sync', '-f', FULL_YAML);
    const diff = await cli(env, 'diff', '-f', FULL_YAML, '--exit-code');

    // Assess
    expect(sync.code).toBe(1);
    expect(sync.err).toMatch(
      /error: GET http:\/\/127\.0\.0\.1:\d+\/apisix\/admin\/\S+ failed: .*ECONNREFUSED/,
    );
    expect(sync.out).toBe('');
    expect(diff.code).toBe(1);
    emu = await startGateway('3.18.0');
  });

  it.each([
    [['frobnicate'], /unknown command/],
    [['sync', '--no-such-flag'], /Unknown option/],
    [['sync', '--timeout', 'soon'], /invalid duration/],
    [
      ['sync', '--include-resource-type', 'route', '--exclude-resource-type', 'ssl'],
      /mutually exclusive/,
    ],
  ])('exits 64 on the usage error %j', async (args, message) => {
    // Act
    const result = await cli(gateway(), ...args);

    // Assess
    expect(result.code).toBe(64);
    expect(result.err).toMatch(message);
  });

  it('refuses a --server URL with credentials as a usage error, before any request', async () => {
    // Act
    const server = emu.url.replace('http://', 'http://admin:S3CRET-pw@');
    const result = await cli(
      { APISYNC_TOKEN: ADMIN_KEY },
      'sync',
      '-f',
      FULL_YAML,
      '--server',
      server,
    );

    // Assess
    expect(result.code).toBe(64);
    expect(result.err).toContain('must not embed credentials');
    expect(result.err + result.out).not.toContain('S3CRET-pw');
    expect(emu.requests).toHaveLength(0);
  });

  it('syncs only the stream side with --include-resource-type stream_service and stream_route', async () => {
    // Act
    const result = await cli(
      gateway(),
      'sync',
      '-f',
      FULL_YAML,
      '--include-resource-type',
      'stream_service',
      '--include-resource-type',
      'stream_route',
      '--json',
    );

    // Assess: the redis service (the one carrying stream routes), the upstream it owns (which
    // follows it) and its stream route; no HTTP service, route, SSL or consumer.
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as Report;
    const applied = report.success.map((s) => `${s.event.resourceType}:${s.event.resourceName}`);
    expect(applied.sort()).toEqual(['service:redis', 'stream_route:redis-6379', 'upstream:redis']);
  });

  it('accepts plugin_config, which matches nothing apisync manages', async () => {
    // Act
    const result = await cli(
      gateway(),
      'sync',
      '-f',
      FULL_YAML,
      '--include-resource-type',
      'plugin_config',
      '--json',
    );

    // Assess
    expect(result.code).toBe(0);
    expect((JSON.parse(result.out) as Report).plan).toMatchObject({ create: 0, delete: 0 });
    expect(writesSince(emu)).toEqual([]);
  });

  it('exits 1 naming the unknown resource type of a scope flag', async () => {
    const result = await cli(
      gateway(),
      'diff',
      '-f',
      FULL_YAML,
      '--include-resource-type',
      'routes',
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('unknown resource type "routes"');
  });

  it('lists the exit codes in --help', async () => {
    const result = await cli({}, '--help');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Exit codes:[\s\S]*0 [\s\S]*1 [\s\S]*2 [\s\S]*64 /);
  });

  it('pings with the ADC variables and prints the version', async () => {
    const result = await cli({ ADC_SERVER: emu.url, ADC_TOKEN: ADMIN_KEY }, 'ping');
    expect(result.code).toBe(0);
    expect(result.out).toContain('APISIX 3.18.0');
  });

  it('validates on the gateway (3.18) and reports the gateway error for an invalid plugin', async () => {
    // Prepare
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      stringify({
        services: [
          {
            name: 's',
            upstream: { nodes: [{ host: 'h', port: 80, weight: 1 }] },
            routes: [
              { name: 'r', uris: ['/'], plugins: { 'limit-count': { count: -1, time_window: 1 } } },
            ],
          },
        ],
      }),
    );

    // Act
    const good = await cli(gateway(), 'validate', '-f', FULL_YAML);
    const bad = await cli(gateway(), 'validate', '-f', file);

    // Assess
    expect(good.code).toBe(0);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('count');
    // Only the validation endpoint was posted to; nothing was written.
    expect(writesSince(emu).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /apisix/admin/configs/validate',
      'POST /apisix/admin/configs/validate',
    ]);
  });

  it('validates with lint only and a note on 3.13, which cannot validate', async () => {
    // Prepare
    await emu.close();
    emu = await startGateway('3.13.0');

    // Act
    const result = await cli(gateway(), 'validate', '-f', FULL_YAML);

    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toContain('cannot validate');
    expect(writesSince(emu)).toEqual([]);
  });
});
