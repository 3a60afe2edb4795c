/**
 * `apisync dev`'s start-up around webhooks and targets: the banner names each target's webhook
 * URL and gateway, `--reconcile-interval 0` leaves reconcile to pushes, and ports or intervals
 * that would send a target's writes to the wrong place, or reconcile in a loop, are refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../lib/cli/commands/dev.js';
import { startEmulator } from '../../lib/emulator/apisix-admin/index.js';
import { delivery } from '../fixtures/webhook/deliveries.js';

interface Started {
  out: () => string;
  err: () => string;
  stop: () => void;
  exit: Promise<number>;
}

let cwd: string;
let busy: Server;
let busyPort: number;
let current: Started | undefined;

function startDev(args: string[], dir = cwd): Started {
  let out = '';
  let err = '';
  let stop = () => {};
  const stopSignal = new Promise<void>((r) => {
    stop = r;
  });
  const exit = run(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {
      APISYNC_LOG_LEVEL: 'info',
      DEV_LC_SECRET: 'whsec-lifecycle',
      DEV_LC_ADMIN_KEY: 'apisync-dev-admin-key',
    },
    cwd: dir,
    isTTY: false,
    stopSignal,
  });
  return { out: () => out, err: () => err, stop, exit };
}

async function banner(dev: Started): Promise<string> {
  for (let i = 0; i < 200 && !dev.out().includes('Press Ctrl-C'); i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  return dev.out();
}

async function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function targetsFile(servers: string[], source?: Record<string, unknown>): string {
  const file = join(cwd, 'targets.json');
  const target = {
    name: 'shop',
    servers,
    adminKey: 'env:DEV_LC_ADMIN_KEY',
    source: source ?? {
      type: 'git',
      url: 'https://git.example.com/acme/shop-gateway.git',
      ref: 'main',
    },
    webhook: { provider: 'gitea', secrets: ['env:DEV_LC_SECRET'] },
  };
  writeFileSync(file, JSON.stringify([target]));
  return file;
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'apisync-dev-lifecycle-'));
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  busyPort = (busy.address() as AddressInfo).port;
});

afterEach(async () => {
  current?.stop();
  await current?.exit;
  current = undefined;
});

afterAll(async () => {
  await new Promise<void>((r) => busy.close(() => r()));
  rmSync(cwd, { recursive: true, force: true });
});

describe('apisync dev start-up', () => {
  it('prints each target with its webhook URL and leaves reconcile to pushes with interval 0', async () => {
    // Prepare
    const file = targetsFile(['http://127.0.0.1:9']);
    // Act
    current = startDev(['--port', '0', '--emulator-port', '0', '--targets', file]);
    current.stop();
    const out = await banner(current);
    // Assess
    expect(out).toMatch(/gitea push → POST http:\/\/127\.0\.0\.1:\d+\/webhook\/shop/);
    expect(out).toContain('shop: https://git.example.com/acme/shop-gateway.git (main)');
    expect(out).toContain('http://127.0.0.1:9 (not the emulator)');
    expect(out).toContain('reconcile  every 60 s over 1 target(s)');
    expect(await current.exit).toBe(0);
    current = startDev([
      '--port',
      '0',
      '--emulator-port',
      '0',
      '--targets',
      file,
      '--reconcile-interval',
      '0',
    ]);
    expect(await banner(current)).toContain('reconcile  no timer (--reconcile-interval 0)');
  });

  it('names the emulator as the gateway of a target that points at it', async () => {
    // Prepare: the emulator's port is known before start only when given explicitly
    const port = await freePort();
    const file = targetsFile([`http://localhost:${port}`]);
    // Act
    current = startDev(['--port', '0', '--emulator-port', String(port), '--targets', file]);
    // Assess
    expect(await banner(current)).toContain(
      'shop: https://git.example.com/acme/shop-gateway.git (main) → the emulator',
    );
  });

  it('reads a local source as it is now when a push arrives for it', async () => {
    // Prepare: a directory target (no commits); the push names some git commit
    const dir = mkdtempSync(join(cwd, 'local-'));
    writeFileSync(
      join(dir, 'adc.yaml'),
      'services:\n  - name: local-svc\n    routes:\n      - name: r\n        uris: [/local]\n',
    );
    const port = await freePort();
    const file = targetsFile([`http://127.0.0.1:${port}`], { type: 'local', path: dir });
    current = startDev([
      '--port',
      '0',
      '--emulator-port',
      String(port),
      '--targets',
      file,
      '--reconcile-interval',
      '0',
    ]);
    const dev = current;
    const url = /POST (http:\/\/127\.0\.0\.1:\d+)\/webhook\/shop/.exec(await banner(dev))?.[1];
    const body = {
      ref: 'refs/heads/main',
      after: 'a'.repeat(40),
      repository: { full_name: 'acme/shop' },
    };
    const push = delivery('gitea', { body, secret: 'whsec-lifecycle' });
    // Act
    const res = await fetch(`${url}/webhook/shop`, {
      method: 'POST',
      headers: push.headers,
      body: push.rawBody,
    });
    // Assess
    expect(res.status).toBe(202);
    let report: Record<string, unknown> | undefined;
    for (let i = 0; i < 200 && !report; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const lines = dev
        .err()
        .split('\n')
        .filter((l) => l.includes('"reconcile finished"'));
      report =
        lines[0] === undefined ? undefined : (JSON.parse(lines[0]) as Record<string, unknown>);
    }
    expect(report).toMatchObject({
      target: 'shop',
      converged: true,
      writes: 2,
      deliveryId: push.deliveryId,
    });
  });

  it('does not sync examples/adc.yaml onto a real APISIX given without -f', async () => {
    // Prepare: an Admin API standing in for a real gateway; the command runs from the repo root
    const real = await startEmulator({ adminKey: 'real-gateway-key' });
    try {
      // Act
      current = startDev(
        ['--port', '0', '--server', real.url, '--token', 'real-gateway-key'],
        resolve(import.meta.dirname, '../..'),
      );
      const out = await banner(current);
      // Assess
      expect(out).toContain('First sync skipped');
      expect(real.requests).toHaveLength(0);
    } finally {
      current?.stop();
      await current?.exit;
      await real.close();
    }
  });

  it.each([
    [
      'an --emulator-port in use',
      ['--port', '0', '--emulator-port', 'BUSY'],
      1,
      '--emulator-port BUSY is in use',
    ],
    ['a --port in use', ['--emulator-port', '0', '--port', 'BUSY'], 1, 'port BUSY is in use'],
    [
      'an interval setInterval cannot hold',
      ['--reconcile-interval', '1000h'],
      64,
      'at most 24 days',
    ],
  ])('refuses %s', async (_, args, code, message) => {
    // Act
    const withPort = (s: string) => s.replace('BUSY', String(busyPort));
    current = startDev(args.map(withPort));
    // Assess
    expect(await current.exit).toBe(code);
    expect(current.err()).toContain(withPort(message));
  });
});
