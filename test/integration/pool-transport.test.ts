// The client's own transport (lib/http/transport.ts, node:http on the registry's agents) against
// real loopback servers: what goes on the wire, redirects never followed, no proxy taken from
// the environment, a deadline that covers a stalled body, bodies decoded on first read.
import type { IncomingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiError, TimeoutError } from '../../lib/errors.js';
import {
  type AgentRegistry,
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
  registry = createAgentRegistry();
  return createHttpClient({
    baseUrl: srv.url,
    agents: registry.agentsFor(),
    timeoutMs: 5000,
    ...extra,
  });
}

/** Answers with the request's headers and body as the server saw them. */
function echo(seen: { headers: IncomingHttpHeaders; body: string }[]): Handler {
  return (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  };
}

describe('request on the wire', () => {
  it('sends the defaults, the client headers and a JSON body with its type and length', async () => {
    // Prepare
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    server = await startServer(echo(seen));
    const client = clientFor(server, { headers: { 'X-API-KEY': 'k1' } });

    // Act
    await client.request({ method: 'PUT', path: '/apisix/admin/routes/r1', body: { uri: '/é' } });

    // Assess
    expect(seen[0]?.headers).toMatchObject({
      accept: 'application/json',
      'user-agent': 'apisync',
      connection: 'keep-alive',
      'x-api-key': 'k1',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength('{"uri":"/é"}')),
    });
    expect(seen[0]?.body).toBe('{"uri":"/é"}');
  });

  it.each([
    ['a request header over a client header', { headers: { 'x-api-key': 'k2' } }, 'k2'],
    ['the client header when the request has none', {}, 'k1'],
  ])('lets %s win, whatever the spelling', async (_case, extra, expected) => {
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    server = await startServer(echo(seen));
    const client = clientFor(server, { headers: { 'X-API-KEY': 'k1' } });
    await client.request({ method: 'GET', path: '/apisix/admin/routes', ...extra });
    expect(seen[0]?.headers['x-api-key']).toBe(expected);
  });

  it.each([
    ['DELETE', undefined],
    ['PUT', '0'],
  ] as const)('sends a %s without a body with content-length %s', async (method, length) => {
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    server = await startServer(echo(seen));
    await clientFor(server).request({ method, path: '/apisix/admin/routes/r1' });
    expect(seen[0]?.headers['content-length']).toBe(length);
    expect(seen[0]?.headers['transfer-encoding']).toBeUndefined();
  });
});

describe('redirects and proxies', () => {
  it('never follows a redirect: a 302 is an answer', async () => {
    // Prepare
    server = await startServer(json(302, { moved: true }, { location: '/elsewhere' }));
    const client = clientFor(server);

    // Act
    const err = await client
      .request({ method: 'GET', path: '/apisix/admin/routes' })
      .catch((e) => e);

    // Assess
    expect(err).toBeInstanceOf(AdminApiError);
    expect(err.status).toBe(302);
    expect(server.requests.map((r) => r.url)).toEqual(['/apisix/admin/routes']);
  });

  it('ignores HTTP_PROXY and HTTPS_PROXY from the environment', async () => {
    // Prepare: a proxy that would answer 599 if it were used.
    const proxy = await startServer(json(599, {}));
    const saved = { http: process.env.HTTP_PROXY, https: process.env.HTTPS_PROXY };
    process.env.HTTP_PROXY = proxy.url;
    process.env.HTTPS_PROXY = proxy.url;
    try {
      server = await startServer(json(200, { ok: true }));

      // Act
      const res = await clientFor(server).request({ method: 'GET', path: '/apisix/admin/routes' });

      // Assess
      expect(res.status).toBe(200);
      expect(proxy.requests).toHaveLength(0);
    } finally {
      for (const [name, value] of [
        ['HTTP_PROXY', saved.http],
        ['HTTPS_PROXY', saved.https],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await proxy.close();
    }
  });
});

describe('deadline', () => {
  it('times out a response whose body stalls after the headers', async () => {
    // Prepare: headers and half a body, then silence on an open connection.
    server = await startServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"list":');
    });
    const client = clientFor(server);

    // Act
    const err = await client
      .request({ method: 'GET', path: '/apisix/admin/routes', timeoutMs: 200 })
      .catch((e) => e);

    // Assess
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ method: 'GET', timeoutMs: 200 });
    expect(client.stats()).toMatchObject({ requests: 1, retries: 0, failures: 1 });
  });
});

describe('response bodies', () => {
  it('decodes a gzip body a server sent unasked', async () => {
    server = await startServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync('{"total":3}'));
    });
    const res = await clientFor(server).request({ method: 'GET', path: '/apisix/admin/routes' });
    expect(res.data).toEqual({ total: 3 });
  });

  it('hands out the decoded body to spreads and JSON as well as to reads', async () => {
    server = await startServer(json(200, { list: [1, 2] }, { server: 'APISIX/3.18.0' }));
    const res = await clientFor(server).request<{ list: number[] }>({
      method: 'GET',
      path: '/apisix/admin/routes',
    });
    expect({ ...res }).toMatchObject({ status: 200, data: { list: [1, 2] }, attempts: 1 });
    expect(JSON.parse(JSON.stringify(res)).data).toEqual({ list: [1, 2] });
    expect(res.data).toBe(res.data);
    expect(res.headers.server).toBe('APISIX/3.18.0');
  });

  it.each([
    ['text', '{"a":1}'],
    ['buffer', Buffer.from('{"a":1}')],
  ] as const)('returns the body as %s when asked', async (responseType, expected) => {
    server = await startServer(json(200, { a: 1 }));
    const res = await clientFor(server).request({ method: 'GET', path: '/x', responseType });
    expect(res.data).toEqual(expected);
  });
});
