/**
 * The reason this project exists: warm invocations of the sync-api handler reuse the
 * module-scope pool. Counted at the emulator (accepted sockets), not trusted from the client.
 * Also two mTLS identities against an mTLS emulator, each with its own pooled agent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { currentRegistry, handler, resetSyncApiHandler } from '../../functions/sync-api/handler.js';
import { type EmulatorHandle, startEmulator } from '../../lib/emulator/apisix-admin/index.js';
import { buildEvent } from '../fixtures/events/build.js';
import { captureStdout, exampleConfig, taskBody } from '../fixtures/events/capture.js';
import { createContext } from '../helpers/context.js';
import { makePki, type Pki } from '../helpers/tls.js';

const ADMIN_KEY = 'pool-admin-key-5e8d1c';
/** runSync's default Admin API concurrency (SyncTarget.concurrency). */
const CONCURRENCY = 8;
const WARM_INVOCATIONS = 300;

/** The example config with one route's description changed, so every sync writes. */
function changedConfig(i: number): Record<string, unknown> {
  const config = exampleConfig() as { services: { routes: { description?: string }[] }[] };
  const route = config.services[0]?.routes[0];
  if (route) route.description = `revision ${i}`;
  return config;
}

async function invoke(body: string) {
  const res = await handler(buildEvent('http-api-v2', { body }), createContext());
  return {
    status: res.statusCode,
    json: JSON.parse(String(res.body)) as Record<string, unknown>,
    text: String(res.body),
  };
}

afterEach(() => resetSyncApiHandler());

describe('sync-api handler connection pool', () => {
  let apisix: EmulatorHandle;
  beforeAll(async () => {
    apisix = await startEmulator({ adminKey: ADMIN_KEY });
  });
  afterAll(() => apisix.close());

  it(`opens no more sockets than the concurrency over ${WARM_INVOCATIONS} warm invocations that each change the config`, async () => {
    // Prepare
    const opts = { backend: 'apisix', server: [apisix.url], token: ADMIN_KEY, cacheKey: 'pool' };
    let updates = 0;
    const statuses = new Set<number | undefined>();
    const out = captureStdout(); // one EMF document per invocation
    // Act
    try {
      for (let i = 0; i < WARM_INVOCATIONS; i++) {
        const res = await invoke(taskBody(opts, changedConfig(i)));
        statuses.add(res.status);
        updates += (res.json.plan as { update: number }).update;
      }
    } finally {
      out.restore();
    }
    // Assess
    expect([...statuses]).toEqual([202]);
    expect(updates).toBe(WARM_INVOCATIONS - 1);
    const sockets = apisix.connections.length;
    console.info(
      `sync-api pool: ${WARM_INVOCATIONS} warm invocations opened ${sockets} sockets (requests: ${apisix.requests.length})`,
    );
    expect(sockets).toBeGreaterThan(0);
    expect(sockets).toBeLessThanOrEqual(CONCURRENCY);
    expect(currentRegistry()?.counters().socketsCreated).toBe(sockets);
  });
});

describe('sync-api handler with mTLS', () => {
  let pki: Pki;
  let apisix: EmulatorHandle;
  beforeAll(async () => {
    pki = makePki(['alice', 'bob']);
    apisix = await startEmulator({ adminKey: ADMIN_KEY, tls: { ...pki.server, ca: pki.ca } });
  });
  afterAll(() => apisix.close());

  const mtlsOpts = (who: 'alice' | 'bob' | 'stranger') => {
    const pair = who === 'stranger' ? pki.stranger : pki.clients[who];
    return {
      backend: 'apisix',
      server: apisix.url,
      token: ADMIN_KEY,
      cacheKey: who,
      caCert: pki.ca,
      tlsClientCert: pair?.cert,
      tlsClientKey: pair?.key,
    };
  };

  it('pools each client identity in its own agent and never leaks the key material', async () => {
    // Prepare
    const out = captureStdout();
    process.env.APISYNC_LOG_LEVEL = 'info';
    const texts: string[] = [];
    try {
      // Act: alternate identities; every sync changes the config
      for (let i = 0; i < 20; i++) {
        const who = i % 2 === 0 ? 'alice' : 'bob';
        const res = await invoke(taskBody(mtlsOpts(who), changedConfig(i)));
        texts.push(res.text);
        expect(res.status).toBe(202);
      }
      const sockets = apisix.connections.length;
      const rejected = await invoke(taskBody(mtlsOpts('stranger')));
      texts.push(rejected.text);
      // Assess
      console.info(`sync-api mTLS: 20 invocations over 2 identities opened ${sockets} sockets`);
      expect(sockets).toBeLessThanOrEqual(2 * CONCURRENCY);
      expect(rejected.status).toBe(502);
      expect(currentRegistry()?.profiles()).toHaveLength(3);
    } finally {
      out.restore();
      process.env.APISYNC_LOG_LEVEL = 'silent';
    }
    const everything = texts.join('\n') + out.text();
    for (const secret of [
      pki.clients.alice?.key,
      pki.clients.bob?.key,
      pki.stranger.key,
      ADMIN_KEY,
    ]) {
      // A PEM's first base64 line, or the whole key: never undefined, never trivially short.
      const needle = secret?.includes('\n') ? secret.split('\n')[1] : secret;
      expect(needle).toEqual(expect.any(String));
      expect(needle?.length).toBeGreaterThan(16);
      expect(everything).not.toContain(needle);
    }
    expect(everything).not.toContain('PRIVATE KEY');
  });
});
