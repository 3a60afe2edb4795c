// Retry policy and typed errors against real loopback servers: the keep-alive race, 4xx,
// 5xx with backoff (delays captured, never slept), Retry-After, timeouts.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiError, NetworkError, TimeoutError } from '../../lib/errors.js';
import {
  type AgentRegistry,
  type AttemptEvent,
  createAgentRegistry,
  createHttpClient,
  type HttpClientOptions,
} from '../../lib/http/index.js';
import { type Handler, json, startServer, type TestServer } from '../helpers/servers.js';

let server: TestServer | undefined;
let registry: AgentRegistry | undefined;

afterEach(async () => {
  registry?.destroy();
  registry = undefined;
  await server?.close();
  server = undefined;
});

function clientFor(srv: TestServer, extra: Partial<HttpClientOptions> = {}) {
  registry = createAgentRegistry({ freeSocketTimeoutMs: 5000 });
  const delays: number[] = [];
  const events: AttemptEvent[] = [];
  const client = createHttpClient({
    baseUrl: srv.url,
    agents: registry.agentsFor(),
    timeoutMs: 5000,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    onAttempt: (e) => events.push(e),
    ...extra,
  });
  return { client, delays, events };
}

/** Answers each request with the next status in `statuses` (the last one repeats). */
function sequence(statuses: number[], headers: Record<string, string> = {}): Handler {
  let n = 0;
  return (req, res, info) => {
    const status = statuses[Math.min(n++, statuses.length - 1)] ?? 200;
    const body = status >= 400 ? { error_msg: `status ${status}` } : { ok: true };
    json(status, body, status >= 400 ? headers : {})(req, res, info);
  };
}

/**
 * The keep-alive race, made deterministic: a server that has dropped an idle connection. A Node
 * server with keepAliveTimeout 1 s would send FIN first and the client would never reuse the
 * socket, hiding the race; this one destroys a connection idle for more than 1 s when the next
 * request arrives on it, as nginx does when its close crosses the client's write.
 */
const dropsIdleConnections: Handler = (req, res, info) => {
  if (info.idleMs > 1000) {
    req.socket.destroy();
    return;
  }
  json(200, { ok: true })(req, res, info);
};

describe('keep-alive race (server dropped an idle connection)', () => {
  it('retries a PUT exactly once on a fresh socket and succeeds', async () => {
    // Prepare
    server = await startServer(dropsIdleConnections);
    const { client, events } = clientFor(server);
    await client.request({ method: 'PUT', path: '/apisix/admin/routes/r1', body: { uri: '/a' } });
    await sleep(1200);

    // Act
    const res = await client.request({
      method: 'PUT',
      path: '/apisix/admin/routes/r1',
      body: { uri: '/b' },
    });

    // Assess
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(2);
    expect(server.requests).toHaveLength(3);
    expect(server.connections).toBe(2);
    expect(events[1]).toMatchObject({ error: 'ECONNRESET', reusedSocket: true, retryDelayMs: 0 });
    expect(registry?.counters()).toMatchObject({ socketsCreated: 2, reusedRequests: 1 });
  });

  it('does not retry a POST and fails with a NetworkError naming method and URL', async () => {
    // Prepare
    server = await startServer(dropsIdleConnections);
    const { client } = clientFor(server);
    await client.request({ method: 'POST', path: '/apisix/admin/routes', body: { uri: '/a' } });
    await sleep(1200);

    // Act
    const err = await client
      .request({ method: 'POST', path: '/apisix/admin/routes', body: { uri: '/b' } })
      .catch((e) => e);

    // Assess
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.code).toBe('ECONNRESET');
    expect(err.message).toBe(
      `POST ${server.url}/apisix/admin/routes failed: socket hang up (on a reused keep-alive connection the server had closed; POST is not retried automatically)`,
    );
    expect(server.requests).toHaveLength(2);
    expect(client.stats()).toMatchObject({ requests: 2, retries: 0, failures: 1 });
  });
});

describe('status handling', () => {
  it.each([
    ['PUT', 400],
    ['GET', 401],
    ['DELETE', 404],
    ['PUT', 409],
  ] as const)(
    'sends a %s answered %i exactly once and throws AdminApiError',
    async (method, status) => {
      // Prepare
      server = await startServer(
        json(status, { error_msg: 'invalid configuration: property "uri" is required' }),
      );
      const { client } = clientFor(server);

      // Act
      const err = await client.request({ method, path: '/apisix/admin/routes/r1' }).catch((e) => e);

      // Assess
      expect(server.requests).toHaveLength(1);
      expect(err).toBeInstanceOf(AdminApiError);
      expect(err).toMatchObject({
        method,
        status,
        errorMsg: 'invalid configuration: property "uri" is required',
      });
      expect(err.message).toBe(
        `${method} ${server.url}/apisix/admin/routes/r1 responded ${status}: invalid configuration: property "uri" is required`,
      );
    },
  );

  it('retries a 503 with backoff, then succeeds', async () => {
    server = await startServer(sequence([503, 503, 200]));
    const { client, delays } = clientFor(server);
    const res = await client.request({ method: 'GET', path: '/apisix/admin/routes' });
    expect(res).toMatchObject({ status: 200, attempts: 3 });
    expect(server.requests).toHaveLength(3);
    // random() = 0.5 with base 200 ms: 0.5 × 200, then 0.5 × 400.
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after three attempts with the last AdminApiError', async () => {
    server = await startServer(sequence([503]));
    const { client } = clientFor(server);
    const err = await client
      .request({ method: 'DELETE', path: '/apisix/admin/routes/r1' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AdminApiError);
    expect(err.status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it('never retries a POST answered 503', async () => {
    server = await startServer(sequence([503, 200]));
    const { client } = clientFor(server);
    await expect(
      client.request({ method: 'POST', path: '/apisix/admin/routes' }),
    ).rejects.toBeInstanceOf(AdminApiError);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['seconds', '2', 2000],
    ['a value above the cap', '600', 10_000],
  ])('honours Retry-After given in %s', async (_case, retryAfter, expected) => {
    server = await startServer(sequence([429, 200], { 'retry-after': retryAfter }));
    const { client, delays } = clientFor(server);
    await client.request({ method: 'PUT', path: '/apisix/admin/routes/r1', body: {} });
    expect(delays).toEqual([expected]);
  });

  it('resolves statuses the caller accepts instead of throwing', async () => {
    server = await startServer(json(404, { error_msg: 'not found' }));
    const { client } = clientFor(server);
    const res = await client.request({
      method: 'GET',
      path: '/apisix/admin/routes/x',
      acceptStatus: (s) => s === 404,
    });
    expect(res).toMatchObject({ status: 404, data: { error_msg: 'not found' } });
  });
});

describe('errors carry no secrets', () => {
  it('masks api_key in the URL of an error and never echoes the X-API-KEY header', async () => {
    server = await startServer(json(401, { error_msg: 'failed to check token' }));
    const { client } = clientFor(server, {
      headers: { 'X-API-KEY': 'edd1c9f034335f136f87ad84b625c8f1' },
    });
    const err = await client
      .request({ method: 'GET', path: '/apisix/admin/routes', query: { api_key: 'hunter2' } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AdminApiError);
    const text = `${err.message} ${JSON.stringify(err)} ${err.url}`;
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('edd1c9f0');
    expect(err.url).toBe(`${server.url}/apisix/admin/routes?api_key=[REDACTED]`);
  });

  it('bounds a large error body', async () => {
    server = await startServer(json(500, { error_msg: 'boom', blob: 'x'.repeat(20_000) }));
    const { client } = clientFor(server, { retry: { maxAttempts: 1 } });
    const err = await client.request({ method: 'GET', path: '/' }).catch((e) => e);
    expect(typeof err.body).toBe('string');
    expect(err.body.length).toBeLessThan(4200);
    expect(err.errorMsg).toBe('boom');
  });
});

describe('timeouts and refused connections', () => {
  it('throws a TimeoutError naming method, URL and duration, without retrying', async () => {
    server = await startServer(() => undefined);
    const { client } = clientFor(server);
    const err = await client
      .request({ method: 'GET', path: '/slow', timeoutMs: 150 })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ method: 'GET', url: `${server.url}/slow`, timeoutMs: 150 });
    expect(err.message).toContain(`GET ${server.url}/slow timed out after 150 ms`);
    expect(server.requests).toHaveLength(1);
  });

  it('throws a NetworkError with code ECONNREFUSED when nothing listens', async () => {
    const closed = await startServer(json(200, {}));
    const url = closed.url;
    await closed.close();
    registry = createAgentRegistry();
    const client = createHttpClient({
      baseUrl: url,
      agents: registry.agentsFor(),
      timeoutMs: 2000,
    });
    const err = await client.request({ method: 'GET', path: '/' }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.code).toBe('ECONNREFUSED');
  });
});
