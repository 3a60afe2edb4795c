import { get } from 'node:http';
import { type AddressInfo, createServer, type Server } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildUrl,
  decodeBody,
  encodeBody,
  headersFromRaw,
  normalizeHeaders,
} from '../../../lib/http/wire.js';

/**
 * A loopback server that answers with the header lines the request path carries (base64url
 * JSON), so Node's own parser builds `message.headers` from exactly those lines.
 */
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const path = head.split(' ')[1] ?? '/';
      const raw = JSON.parse(Buffer.from(path.slice(1), 'base64url').toString()) as string[];
      const lines: string[] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}\r\n`);
      socket.end(
        `HTTP/1.1 200 OK\r\n${lines.join('')}Content-Length: 0\r\nConnection: close\r\n\r\n`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Both readings of one answer: ours from `rawHeaders`, and Node's `headers` normalised. */
function readBoth(
  raw: string[],
): Promise<{ ours: Record<string, string>; node: Record<string, string> }> {
  const path = `/${Buffer.from(JSON.stringify(raw)).toString('base64url')}`;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      // The two headers the server always adds.
      const rawHeaders = res.rawHeaders.slice(0, -4);
      const {
        'content-length': _length,
        connection: _connection,
        ...node
      } = normalizeHeaders(res.headers);
      resolve({ ours: headersFromRaw(rawHeaders), node });
    }).on('error', reject);
  });
}

describe('buildUrl', () => {
  it.each([
    ['http://h:9180', '/apisix/admin/routes', undefined, 'http://h:9180/apisix/admin/routes'],
    ['http://h:9180/', 'apisix/admin', undefined, 'http://h:9180/apisix/admin'],
    ['http://h:9180/base', '/x', undefined, 'http://h:9180/base/x'],
    ['http://h:9180', 'https://other/y', undefined, 'https://other/y'],
    [
      'http://h',
      '/r',
      { page: 2, page_size: 500, name: undefined },
      'http://h/r?page=2&page_size=500',
    ],
    ['http://h', '/r?a=1', { b: true }, 'http://h/r?a=1&b=true'],
  ])('joins %s and %s', (base, path, query, expected) => {
    expect(buildUrl(base, path, query)).toBe(expected);
  });
});

describe('encodeBody', () => {
  it.each([
    ['an object as JSON', { a: 1 }, { data: '{"a":1}', json: true }],
    ['an array as JSON', [1], { data: '[1]', json: true }],
    ['a string unchanged', 'raw', { data: 'raw', json: false }],
    ['nothing for undefined', undefined, { data: undefined, json: false }],
  ])('encodes %s', (_case, body, expected) => {
    expect(encodeBody(body)).toEqual(expected);
  });
});

describe('decodeBody', () => {
  it.each([
    ['JSON', '{"total":1}', 'json', { total: 1 }],
    ['invalid JSON as text', '<html>', 'json', '<html>'],
    ['an empty JSON body as undefined', '', 'json', undefined],
    ['text', '{"a":1}', 'text', '{"a":1}'],
  ] as const)('decodes %s', (_case, text, type, expected) => {
    expect(decodeBody(Buffer.from(text), type)).toEqual(expected);
  });

  it('returns bytes for responseType buffer', () => {
    expect(Buffer.isBuffer(decodeBody(Buffer.from('x'), 'buffer'))).toBe(true);
  });
});

describe('normalizeHeaders', () => {
  it('lower-cases names and joins repeated values', () => {
    expect(
      normalizeHeaders({ Server: 'APISIX/3.13.0', 'Set-Cookie': ['a', 'b'], Gone: undefined }),
    ).toEqual({
      server: 'APISIX/3.13.0',
      'set-cookie': 'a, b',
    });
  });
});

describe('headersFromRaw', () => {
  it.each<[string, string[], Record<string, string>]>([
    [
      'lower-cases names',
      ['Server', 'APISIX/3.18.0', 'X-Api', 'a'],
      { server: 'APISIX/3.18.0', 'x-api': 'a' },
    ],
    ['joins repeated headers with a comma', ['Vary', 'a', 'vary', 'b'], { vary: 'a, b' }],
    [
      'keeps the first of a header Node dedupes',
      ['Content-Type', 'a', 'content-type', 'b'],
      { 'content-type': 'a' },
    ],
    [
      'joins set-cookie with a comma',
      ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2'],
      { 'set-cookie': 'a=1, b=2' },
    ],
    ['joins cookie with a semicolon', ['Cookie', 'a=1', 'Cookie', 'b=2'], { cookie: 'a=1; b=2' }],
    [
      'treats inherited names as headers',
      ['Constructor', 'x', 'toString', 'y'],
      { constructor: 'x', tostring: 'y' },
    ],
  ])('%s', async (_, raw, expected) => {
    const { ours, node } = await readBoth(raw);
    expect(ours).toEqual(expected);
    expect(ours).toEqual({
      ...node,
      'content-length': ours['content-length'],
      connection: ours.connection,
    });
  });

  it("matches Node's message.headers for any header list", async () => {
    const names = [
      'Date',
      'date',
      'Server',
      'Content-Type',
      'Retry-After',
      'Set-Cookie',
      'Cookie',
      'Vary',
      'Location',
      'ETag',
      'Age',
      'X-Custom',
      'x-custom',
      'Content-Encoding',
      'constructor',
      'Expires',
    ];
    const header = fc.tuple(fc.constantFrom(...names), fc.stringMatching(/^[a-z0-9=;/]{1,5}$/));
    await fc.assert(
      fc.asyncProperty(fc.array(header, { maxLength: 10 }), async (pairs) => {
        const { ours, node } = await readBoth(pairs.flat());
        expect(ours).toEqual(node);
      }),
      { numRuns: 60 },
    );
  });
});
