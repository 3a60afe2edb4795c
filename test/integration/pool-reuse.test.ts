// The regression test for the reason apisync exists: ADC's server mode built a new pool per
// request (ADC PR #376). A handler-shaped function with a module-scope registry must open no
// more connections than its concurrency over 200 invocations; a registry per invocation opens
// one per invocation and leaves them open.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AgentRegistry,
  createAgentRegistry,
  createHttpClient,
  type PoolCounters,
} from '../../lib/http/index.js';
import { json, startServer, type TestServer } from '../helpers/servers.js';

const INVOCATIONS = 200;

let server: TestServer | undefined;
const registries: AgentRegistry[] = [];

afterEach(async () => {
  for (const registry of registries.splice(0)) registry.destroy();
  await server?.close();
  server = undefined;
});

/** One "invocation": builds a client from the registry's agents and makes `concurrency` calls. */
async function invoke(
  registry: AgentRegistry,
  url: string,
  concurrency: number,
): Promise<PoolCounters> {
  registry.checkpoint();
  const client = createHttpClient({ baseUrl: url, agents: registry.agentsFor(), timeoutMs: 5000 });
  const calls = Array.from({ length: concurrency }, (_, i) =>
    client.request({ method: 'GET', path: `/apisix/admin/routes/r${i}` }),
  );
  await Promise.all(calls);
  return registry.delta();
}

/** A handler module: the registry lives in module scope and is created on first use. */
function handlerModule(url: string, concurrency: number) {
  let pool: AgentRegistry | undefined;
  return async () => {
    if (!pool) {
      pool = createAgentRegistry();
      registries.push(pool);
    }
    return invoke(pool, url, concurrency);
  };
}

/** ADC before #376: a new pool inside every invocation, never destroyed. */
function leakyHandler(url: string, concurrency: number) {
  return async () => {
    const pool = createAgentRegistry();
    registries.push(pool);
    return invoke(pool, url, concurrency);
  };
}

describe('module-scope agent registry', () => {
  it.each([1, 4])(
    'opens at most %i connection(s) over 200 invocations with that many calls in flight',
    async (concurrency) => {
      // Prepare
      server = await startServer(json(200, { list: [], total: 0 }));
      const handler = handlerModule(server.url, concurrency);

      // Act
      const deltas: PoolCounters[] = [];
      for (let i = 0; i < INVOCATIONS; i++) deltas.push(await handler());

      // Assess
      expect(server.requests).toHaveLength(INVOCATIONS * concurrency);
      expect(server.connections).toBeGreaterThanOrEqual(1);
      expect(server.connections).toBeLessThanOrEqual(concurrency);
      const warm = deltas.slice(1);
      expect(warm.every((d) => d.socketsCreated === 0)).toBe(true);
      expect(warm.every((d) => d.reusedRequests === concurrency)).toBe(true);
      expect(registries[0]?.counters().requests).toBe(INVOCATIONS * concurrency);
    },
  );

  it('shows the growth ADC had when a registry is built per invocation', async () => {
    // Prepare
    server = await startServer(json(200, { list: [], total: 0 }));
    const handler = leakyHandler(server.url, 1);

    // Act
    for (let i = 0; i < INVOCATIONS; i++) await handler();

    // Assess: one new connection per invocation, and every one of them is still open.
    expect(server.connections).toBe(INVOCATIONS);
    expect(server.openConnections).toBe(INVOCATIONS);
  });

  it('reports a per-invocation delta: sockets on the cold call, reuse on warm ones', async () => {
    server = await startServer(json(200, {}));
    const handler = handlerModule(server.url, 1);
    const cold = await handler();
    const warm = await handler();
    expect(cold).toMatchObject({ socketsCreated: 1, requests: 1, reusedRequests: 0 });
    expect(warm).toMatchObject({ socketsCreated: 0, requests: 1, reusedRequests: 1 });
  });

  it('keeps working after destroy(): the next request opens a new socket', async () => {
    server = await startServer(json(200, {}));
    const registry = createAgentRegistry();
    registries.push(registry);
    await invoke(registry, server.url, 1);
    registry.destroy();
    await invoke(registry, server.url, 1);
    expect(server.connections).toBe(2);
  });
});
