/**
 * `apisync dev` in-process on port 0: the banner, the first sync of examples/adc.yaml against
 * the embedded emulator, a `PUT /sync` over real HTTP as the README's curl sends it (plain and
 * gzip), the webhook route, and a clean stop.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../../lib/cli/commands/dev.js';
import type { CliIO } from '../../lib/cli/types.js';

const repo = resolve(import.meta.dirname, '../..');

interface Started {
  io: CliIO;
  out: () => string;
  err: () => string;
  stop: () => void;
  exit: Promise<number>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function startDev(args: string[], env: Record<string, string> = {}): Started {
  let out = '';
  let err = '';
  let stop = () => {};
  const stopSignal = new Promise<void>((r) => {
    stop = r;
  });
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { APISYNC_LOG_LEVEL: 'info', ...env },
    cwd: repo,
    isTTY: false,
    stopSignal,
  };
  const defaults = args.includes('--emulator-port')
    ? ['--port', '0']
    : ['--port', '0', '--emulator-port', '0'];
  const exit = run([...defaults, ...args], io);
  return { io, out: () => out, err: () => err, stop, exit };
}

async function waitFor(check: () => string | undefined, what: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const found = check();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let current: Started | undefined;

afterEach(async () => {
  current?.stop();
  await current?.exit;
  current = undefined;
});

describe('apisync dev', () => {
  it('syncs examples/adc.yaml at start and serves PUT /sync like the README curl', async () => {
    // Prepare
    current = startDev([]);
    const dev = current;
    await waitFor(() => (dev.out().includes('Press Ctrl-C') ? 'ok' : undefined), 'the banner');
    const base = /PUT {2}(http:\/\/127\.0\.0\.1:\d+)\/sync/.exec(dev.out())?.[1];
    const gateway = /emulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(dev.out())?.[1];
    expect(base).toBeDefined();
    expect(dev.out()).toMatch(/Sync \(sync\) against APISIX 3\.18\.0: \d+ to create/);
    const config = parse(readFileSync(resolve(repo, 'examples/adc.yaml'), 'utf8'));
    const body = JSON.stringify({
      task: {
        opts: {
          backend: 'apisix',
          server: gateway,
          token: 'apisync-dev-admin-key',
          cacheKey: 'dev',
        },
        config,
      },
    });
    // Act
    const plain = await fetch(`${base}/sync`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const zipped = await fetch(`${base}/sync`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(body),
    });
    const ready = await fetch(`${base}/healthz/ready`);
    const unknownHook = await fetch(`${base}/webhook/nope`, { method: 'POST', body: '{}' });
    // Assess: the start sync converged the gateway, so both syncs are no-ops
    expect(plain.status).toBe(202);
    const report = (await plain.json()) as {
      status: string;
      plan: { create: number; update: number; delete: number };
    };
    expect(report.status).toBe('success');
    expect(report.plan).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(zipped.status).toBe(202);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe('OK');
    expect(unknownHook.status).toBe(404);
    dev.stop();
    expect(await dev.exit).toBe(0);
    expect(dev.out()).toContain('apisync dev: stopped');
  });

  it('runs reconcile on its timer when a targets file is given', async () => {
    // Prepare: a local-source target pointing at the embedded emulator's port
    const emulatorPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'apisync-dev-'));
    const targets = [
      {
        name: 'local',
        backend: 'apisix',
        servers: [`http://127.0.0.1:${emulatorPort}`],
        adminKey: 'env:DEV_TEST_ADMIN_KEY',
        source: { type: 'local', path: resolve(repo, 'examples'), paths: ['adc.yaml'] },
        prune: 'all',
      },
    ];
    writeFileSync(join(dir, 'targets.json'), JSON.stringify(targets));
    // Secret references resolve against the process environment (lib/secrets).
    process.env.DEV_TEST_ADMIN_KEY = 'apisync-dev-admin-key';
    current = startDev([
      '--targets',
      join(dir, 'targets.json'),
      '--emulator-port',
      String(emulatorPort),
      '--reconcile-interval',
      '200ms',
    ]);
    const dev = current;
    try {
      // Act
      await waitFor(() => (dev.out().includes('Press Ctrl-C') ? 'ok' : undefined), 'the banner');
      const line = await waitFor(
        () =>
          dev
            .err()
            .split('\n')
            .find((l) => l.includes('"target":"local"') && l.includes('"converged":true')),
        'a reconcile log line',
      );
      // Assess
      expect(dev.out()).toContain('reconcile  every 0.2 s over 1 target(s)');
      expect(line).not.toContain('apisync-dev-admin-key');
    } finally {
      delete process.env.DEV_TEST_ADMIN_KEY;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --server without --token as a usage error', async () => {
    current = startDev(['--server', 'http://127.0.0.1:9']);
    expect(await current.exit).toBe(64);
    expect(current.err()).toContain('--server and --token go together');
  });
});
