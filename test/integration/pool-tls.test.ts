// HTTPS with a custom CA and mTLS: one agent per TLS profile, each reusing its own sockets;
// a missing client certificate fails clearly; no PEM private key ever reaches logs or counters;
// an evicted profile's sockets are closed.
import { inspect } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError } from '../../lib/errors.js';
import { CountingHttpsAgent } from '../../lib/http/agents.js';
import {
  type AgentRegistry,
  createAgentRegistry,
  createHttpClient,
  type TlsProfile,
} from '../../lib/http/index.js';
import { createLogger } from '../../lib/log/index.js';
import { type Handler, startTlsServer, type TestServer } from '../helpers/servers.js';
import { makePki, type Pki } from '../helpers/tls.js';

let pki: Pki;
let server: TestServer | undefined;
let registry: AgentRegistry | undefined;

beforeAll(() => {
  pki = makePki(['alice', 'bob']);
});

afterEach(async () => {
  registry?.destroy();
  registry = undefined;
  await server?.close();
  server = undefined;
});

const whoami: Handler = (req, res, info) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ cn: info.clientCn ?? null }));
  });
};

function mtlsServer(): Promise<TestServer> {
  return startTlsServer(
    { ...pki.server, ca: pki.ca, requestCert: true, rejectUnauthorized: true },
    whoami,
  );
}

function identity(name: 'alice' | 'bob'): TlsProfile {
  const pair = pki.clients[name];
  if (!pair) throw new Error(`no client ${name}`);
  return { ca: pki.ca, cert: pair.cert, key: pair.key };
}

async function get(reg: AgentRegistry, url: string, tls: TlsProfile) {
  const client = createHttpClient({ baseUrl: url, agents: reg.agentsFor(tls), timeoutMs: 5000 });
  return client.request<{ cn: string | null }>({ method: 'GET', path: '/apisix/admin/routes' });
}

/** Polls `check` on the event loop, at most `tries` times 20 ms apart. */
async function until(check: () => boolean, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('HTTPS with a custom CA', () => {
  it('trusts the server through the profile CA and reuses one connection', async () => {
    server = await startTlsServer({ ...pki.server }, whoami);
    registry = createAgentRegistry();
    for (let i = 0; i < 5; i++) await get(registry, server.url, { ca: pki.ca });
    expect(server.requests).toHaveLength(5);
    expect(server.connections).toBe(1);
  });

  it('fails with a NetworkError that says to pass the CA when it is missing', async () => {
    server = await startTlsServer({ ...pki.server }, whoami);
    registry = createAgentRegistry();
    const err = await get(registry, server.url, {}).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toContain('the server certificate is not trusted: pass its CA');
    expect(err.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});

describe('mTLS', () => {
  it('gives two identities two agents that each reuse their own socket', async () => {
    // Prepare
    server = await mtlsServer();
    registry = createAgentRegistry();

    // Act
    const seen: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      seen.push((await get(registry, server.url, identity('alice'))).data.cn);
      seen.push((await get(registry, server.url, identity('bob'))).data.cn);
    }

    // Assess
    expect(seen).toEqual(['alice', 'bob', 'alice', 'bob', 'alice', 'bob']);
    expect(server.connections).toBe(2);
    const byCn = (cn: string) =>
      new Set(server?.requests.filter((r) => r.clientCn === cn).map((r) => r.connectionId));
    expect(byCn('alice').size).toBe(1);
    expect(byCn('bob').size).toBe(1);
    expect(registry.profiles()).toHaveLength(2);
    expect(registry.agentsFor(identity('alice')).httpsAgent).toBe(
      registry.agentsFor(identity('alice')).httpsAgent,
    );
    expect(registry.agentsFor(identity('alice')).httpsAgent).not.toBe(
      registry.agentsFor(identity('bob')).httpsAgent,
    );
    expect(registry.counters()).toMatchObject({
      socketsCreated: 2,
      requests: 6,
      reusedRequests: 4,
    });
  });

  it('fails clearly when no client certificate is sent', async () => {
    server = await mtlsServer();
    registry = createAgentRegistry();
    const err = await get(registry, server.url, { ca: pki.ca }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toContain('the server requires a client certificate (mTLS)');
    expect(server.requests).toHaveLength(0);
  });

  it('rejects a client certificate from an unknown CA', async () => {
    server = await mtlsServer();
    registry = createAgentRegistry();
    const err = await get(registry, server.url, { ca: pki.ca, ...pki.stranger }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(0);
  });

  it('keeps the admin key and the client key out of the error, its cause included', async () => {
    // Prepare: axios errors carry the request config (headers, agents with their PEM options).
    server = await mtlsServer();
    registry = createAgentRegistry();
    const client = createHttpClient({
      baseUrl: server.url,
      agents: registry.agentsFor({ ca: pki.ca, ...pki.stranger }),
      timeoutMs: 5000,
      headers: { 'X-API-KEY': 'edd1c9f034335f136f87ad84b625c8f1' },
    });

    // Act
    const err = await client
      .request({ method: 'GET', path: '/apisix/admin/routes' })
      .catch((e) => e);

    // Assess: what `console.error(err)` or an unhandled rejection would print
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.cause).toBeInstanceOf(Error);
    const printed = inspect(err, { depth: 20 });
    expect(printed).not.toContain('edd1c9f034335f136f87ad84b625c8f1');
    expect(printed).not.toContain('PRIVATE KEY');
  });
});

describe('secrets in pool state', () => {
  it('never puts PRIVATE KEY in logs or counters of an mTLS registry', async () => {
    // Prepare
    server = await mtlsServer();
    registry = createAgentRegistry();
    const lines: string[] = [];
    const logger = createLogger({ service: 'test', level: 'debug', sink: (l) => lines.push(l) });
    await get(registry, server.url, identity('alice'));
    const failure = await get(registry, server.url, { ca: pki.ca }).catch((e) => e);

    // Act
    logger.info('pool', {
      counters: registry.counters(),
      delta: registry.delta(),
      profiles: registry.profiles(),
    });
    logger.info('profile', { tls: identity('alice') });
    logger.error('request failed', { err: failure });

    // Assess: the raw agent status does leak the key (the hazard), what we log does not.
    const agent = registry.agentsFor(identity('alice')).httpsAgent;
    expect(agent).toBeInstanceOf(CountingHttpsAgent);
    const status = agent instanceof CountingHttpsAgent ? agent.getCurrentStatus() : undefined;
    expect(JSON.stringify(status)).toContain('PRIVATE KEY');
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(registry.counters())).not.toContain('PRIVATE KEY');
  });
});

describe('TLS profile LRU', () => {
  it('destroys the least recently used profile and closes its sockets', async () => {
    // Prepare
    server = await mtlsServer();
    registry = createAgentRegistry({ maxTlsProfiles: 2 });
    await get(registry, server.url, identity('alice'));
    await get(registry, server.url, identity('bob'));
    const [aliceId] = registry.profiles();
    expect(server.openConnections).toBe(2);

    // Act: a third profile evicts alice (least recently used).
    await get(registry, server.url, { ...identity('bob'), servername: 'localhost' });

    // Assess
    expect(registry.profiles()).toHaveLength(2);
    expect(registry.profiles()).not.toContain(aliceId);
    const connectionOf = (cn: string) =>
      server?.requests.find((r) => r.clientCn === cn)?.connectionId;
    const alice = connectionOf('alice');
    expect(await until(() => server?.closedConnections.includes(alice ?? -1) === true)).toBe(true);
    expect(server.closedConnections).toEqual([alice]);
    expect(server.openConnections).toBe(2);
    expect(await until(() => (registry?.counters().socketsClosed ?? 0) === 1)).toBe(true);
  });
});

describe('TLS profile LRU eviction during a request', () => {
  it('lets a request in flight on the evicted profile finish, then closes its socket', async () => {
    // Prepare: alice's request is held by the server until released.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    server = await startTlsServer(
      { ...pki.server, ca: pki.ca, requestCert: true, rejectUnauthorized: true },
      (req, res, info) => {
        const answer = () => whoami(req, res, info);
        if (info.clientCn === 'alice') void held.then(answer);
        else answer();
      },
    );
    registry = createAgentRegistry({ maxTlsProfiles: 1 });
    const pending = get(registry, server.url, identity('alice'));
    expect(await until(() => server?.requests.length === 1)).toBe(true);

    // Act: bob's profile evicts alice's while her request is still open.
    await get(registry, server.url, identity('bob'));
    release();

    // Assess: alice's answer arrives, and her connection closes afterwards.
    expect((await pending).data.cn).toBe('alice');
    const alice = server.requests.find((r) => r.clientCn === 'alice')?.connectionId;
    expect(await until(() => server?.closedConnections.includes(alice ?? -1) === true)).toBe(true);
    expect(server.openConnections).toBe(1);
  });
});
