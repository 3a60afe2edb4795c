import { describe, expect, it } from 'vitest';
import { buildUrl, decodeBody, encodeBody, normalizeHeaders } from '../../../lib/http/wire.js';

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
