// The exact request head the client writes (lib/http/transport.ts hands Node a raw header list)
// against the head `node:http` writes for the same request from a header object, which is what
// the client sent before: same lines, same order, `Host` and `Authorization` included.
import { type OutgoingHttpHeaders, request } from 'node:http';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentRegistry, createAgentRegistry, createHttpClient } from '../../lib/http/index.js';
import type { HttpRequest } from '../../lib/http/types.js';

let server: Server | undefined;
let registry: AgentRegistry | undefined;

afterEach(async () => {
  registry?.destroy();
  registry = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A raw HTTP/1.1 server that records every request head and answers `{}`. */
async function startRawServer(heads: string[]): Promise<number> {
  const raw = createServer((socket) => {
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffered.slice(0, end);
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        heads.push(head);
        buffered = buffered.slice(end + 4 + length);
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
        );
      }
    });
  });
  server = raw;
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  return (raw.address() as AddressInfo).port;
}

/** What `node:http` writes for the request given a header object (the client's old way). */
function viaObject(
  port: number,
  auth: string | undefined,
  req: HttpRequest,
  headers: OutgoingHttpHeaders,
) {
  return new Promise<void>((resolve, reject) => {
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const out = request(
      {
        method: req.method,
        hostname: '127.0.0.1',
        port,
        path: req.path,
        headers,
        auth,
        agent: registry?.agentsFor().httpAgent,
      },
      (res) => res.resume().on('end', resolve),
    );
    out.on('error', reject);
    out.end(body);
  });
}

const DEFAULTS = { accept: 'application/json', 'user-agent': 'apisync', connection: 'keep-alive' };

describe('request head on the wire', () => {
  it.each<[string, string, HttpRequest, OutgoingHttpHeaders]>([
    [
      'a GET',
      '',
      { method: 'GET', path: '/apisix/admin/routes' },
      { ...DEFAULTS, 'x-api-key': 'k' },
    ],
    [
      'a PUT with a JSON body',
      '',
      { method: 'PUT', path: '/apisix/admin/routes/1', body: { uri: '/é' } },
      { ...DEFAULTS, 'x-api-key': 'k', 'content-type': 'application/json', 'content-length': 13 },
    ],
    [
      'a DELETE',
      '',
      { method: 'DELETE', path: '/apisix/admin/routes/1' },
      { ...DEFAULTS, 'x-api-key': 'k' },
    ],
    [
      'credentials in the URL',
      'u%40x:p%3Aw@',
      { method: 'GET', path: '/r' },
      { ...DEFAULTS, 'x-api-key': 'k' },
    ],
    [
      "the caller's own Host",
      '',
      { method: 'GET', path: '/r', headers: { Host: 'admin.internal' } },
      { ...DEFAULTS, 'x-api-key': 'k', host: 'admin.internal' },
    ],
  ])('writes the same head as node:http for %s', async (_case, userinfo, req, objectHeaders) => {
    const heads: string[] = [];
    const port = await startRawServer(heads);
    registry = createAgentRegistry();
    const client = createHttpClient({
      baseUrl: `http://${userinfo}127.0.0.1:${port}`,
      agents: registry.agentsFor(),
      timeoutMs: 5000,
      headers: { 'X-API-KEY': 'k' },
    });
    await client.request(req);
    const auth = userinfo ? decodeURIComponent(userinfo.slice(0, -1)) : undefined;
    await viaObject(port, auth, req, objectHeaders);
    expect(heads).toHaveLength(2);
    expect(heads[0]).toBe(heads[1]);
    if (auth)
      expect(heads[0]).toContain(
        `\r\nAuthorization: Basic ${Buffer.from(auth).toString('base64')}`,
      );
  });
});
