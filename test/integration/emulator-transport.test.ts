import { Agent } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../lib/cli/commands/emulator.js';
import { type EmulatorHandle, startEmulator } from '../../lib/emulator/apisix-admin/index.js';
import { makePki } from '../helpers/tls.js';
import { call } from '../unit/emulator/http-support.js';

const KEY = 'transport-admin-key';
const H = { 'X-API-KEY': KEY };

let apisix: EmulatorHandle | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await apisix?.close();
  apisix = undefined;
});

/** Follows a promise's state without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state = { promise, settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

/** Waits (on real I/O turns, not timers) until the emulator has scheduled its delay timer. */
async function untilTimerPending(): Promise<void> {
  for (let turn = 0; turn < 100_000; turn++) {
    if (vi.getTimerCount() > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the emulator never scheduled a delay');
}

describe('emulator fault injection', () => {
  it('answers the injected status and body the given number of times, counting hits', async () => {
    apisix = await startEmulator({
      adminKey: KEY,
      faults: [
        {
          method: 'GET',
          path: '/apisix/admin/routes*',
          status: 503,
          body: { error_msg: 'etcd down' },
          times: 1,
        },
      ],
    });
    const first = await call(apisix.url, 'GET', '/apisix/admin/routes', { headers: H });
    const second = await call(apisix.url, 'GET', '/apisix/admin/routes', { headers: H });
    expect([first.status, first.json, second.status]).toEqual([
      503,
      { error_msg: 'etcd down' },
      200,
    ]);
    expect(apisix.faults[0]?.hits).toBe(1);
  });

  it('resets the connection without an answer', async () => {
    apisix = await startEmulator({ adminKey: KEY });
    apisix.addFault({ path: '/apisix/admin/upstreams/*', reset: true });
    await expect(
      call(apisix.url, 'PUT', '/apisix/admin/upstreams/u1', { headers: H, body: {} }),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(apisix.requests.at(-1)?.status).toBe(0);
  });

  it('closes the socket after answering with Connection: close', async () => {
    apisix = await startEmulator({ adminKey: KEY, faults: [{ path: '*', closeAfter: true }] });
    const agent = new Agent({ keepAlive: true });
    const first = await call(apisix.url, 'GET', '/apisix/admin/routes', { headers: H, agent });
    const second = await call(apisix.url, 'GET', '/apisix/admin/routes', { headers: H, agent });
    agent.destroy();
    expect([first.status, first.headers.connection]).toEqual([200, 'close']);
    expect(apisix.requests.map((r) => r.connectionId)).toEqual([1, 2]);
    expect(second.status).toBe(200);
  });

  it('holds a delayed answer until its delay elapses and answers as without the fault', async () => {
    // Prepare: the answer without a fault; then setTimeout faked, so the test drives the delay.
    apisix = await startEmulator({ adminKey: KEY });
    const baseline = await call(apisix.url, 'GET', '/apisix/admin/routes', { headers: H });
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    apisix.addFault({ path: '/apisix/admin/routes', delayMs: 250 });
    // Act: the delayed request is held while a request without a fault is answered.
    const delayed = track(call(apisix.url, 'GET', '/apisix/admin/routes', { headers: H }));
    await untilTimerPending();
    const other = await call(apisix.url, 'GET', '/apisix/admin/upstreams', { headers: H });
    const heldWhileOtherAnswered = !delayed.settled;
    await vi.advanceTimersByTimeAsync(249);
    const heldBeforeDelay = !delayed.settled;
    await vi.advanceTimersByTimeAsync(1);
    const answer = await delayed.promise;
    // Assess
    expect([heldWhileOtherAnswered, heldBeforeDelay, other.status]).toEqual([true, true, 200]);
    expect(apisix.requests.map((r) => r.path)).toEqual([
      '/apisix/admin/routes',
      '/apisix/admin/upstreams',
      '/apisix/admin/routes',
    ]);
    expect([answer.status, answer.text, apisix.faults[0]?.hits]).toEqual([
      baseline.status,
      baseline.text,
      1,
    ]);
  });

  it('adds latencyMs before every answer', async () => {
    // Prepare
    apisix = await startEmulator({ adminKey: KEY, latencyMs: 40 });
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    // Act
    const answer = track(call(apisix.url, 'GET', '/apisix/admin/routes', { headers: H }));
    await untilTimerPending();
    await vi.advanceTimersByTimeAsync(39);
    const heldBeforeLatency = !answer.settled;
    await vi.advanceTimersByTimeAsync(1);
    // Assess
    expect([heldBeforeLatency, (await answer.promise).status]).toEqual([true, 200]);
  });
});

describe('emulator connections', () => {
  it('reuses one socket for keep-alive requests and logs it per request', async () => {
    apisix = await startEmulator({ adminKey: KEY });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 3; i++)
      await call(apisix.url, 'GET', '/apisix/admin/routes', { headers: H, agent });
    agent.destroy();
    expect(apisix.connections).toHaveLength(1);
    expect(apisix.connections[0]?.requests).toBe(3);
    expect(new Set(apisix.requests.map((r) => r.connectionId))).toEqual(new Set([1]));
  });

  it('closes idle keep-alive sockets after keepAliveTimeoutMs', async () => {
    apisix = await startEmulator({ adminKey: KEY, keepAliveTimeoutMs: 50 });
    const agent = new Agent({ keepAlive: true });
    await call(apisix.url, 'GET', '/apisix/admin/routes', { headers: H, agent });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (apisix?.connections[0]?.closedAt !== undefined) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });
    agent.destroy();
    expect(apisix.connections[0]?.closedAt).toBeTypeOf('number');
  });

  it('keeps only the latest maxLogEntries requests and connections', async () => {
    // Prepare: a fresh socket per request (no agent), so both logs grow by one each time.
    apisix = await startEmulator({ adminKey: KEY, maxLogEntries: 10 });
    // Act
    for (let i = 1; i <= 40; i++)
      await call(apisix.url, 'GET', `/apisix/admin/routes/r${i}`, { headers: H });
    // Assess: bounded (trimmed in batches of a tenth), newest kept, connection ids still unique.
    expect(apisix.requests.length).toBeLessThanOrEqual(11);
    expect(apisix.connections.length).toBeLessThanOrEqual(11);
    expect(apisix.requests.at(-1)?.path).toBe('/apisix/admin/routes/r40');
    expect(apisix.connections.at(-1)?.id).toBe(40);
  });
});

describe('emulator mTLS listener', () => {
  const pki = makePki(['apisync-client']);
  const pair = pki.clients['apisync-client'];

  it.each([
    ['with a client certificate', true, 200],
    ['without a client certificate', false, 400],
  ])('answers %s', async (_name, withCert, status) => {
    apisix = await startEmulator({
      adminKey: KEY,
      tls: { ...pki.server, ca: pki.ca },
    });
    const client = withCert && pair ? { cert: pair.cert, key: pair.key } : {};
    const answer = await call(apisix.url, 'GET', '/apisix/admin/routes', {
      headers: H,
      ca: pki.ca,
      ...client,
    });
    expect(answer.status).toBe(status);
    if (!withCert) expect(answer.text).toContain('No required SSL certificate was sent');
  });
});

describe('apisync emulator command', () => {
  it('prints the URL, serves requests and stops on the stop signal', async () => {
    // Prepare
    let out = '';
    let stop: () => void = () => undefined;
    const stopSignal = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const io = {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      env: {},
      cwd: '.',
      isTTY: false,
      stopSignal,
    };
    // Act
    const exit = run(['--port', '0', '--apisix-version', '3.13.0', '--admin-key', KEY], io);
    while (!out.includes('http://')) await new Promise((r) => setTimeout(r, 5));
    const url = /(http:\/\/\S+)/.exec(out)?.[1] ?? '';
    const answer = await call(url, 'GET', '/apisix/admin/routes', { headers: H });
    stop();
    // Assess
    expect([answer.status, answer.headers.server]).toEqual([200, 'APISIX/3.13.0']);
    expect(await exit).toBe(0);
    expect(out).not.toContain(KEY);
  });

  it('exits 2 without an admin key', async () => {
    let err = '';
    const io = {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (err += s) },
      env: {},
      cwd: '.',
      isTTY: false,
    };
    expect(await run(['--port', '0'], io)).toBe(2);
    expect(err).toContain('missing --admin-key');
  });
});
