import { describe, expect, it } from 'vitest';
import { isSecretKey, REDACTED, redact, redactString, redactUrl } from '../../../lib/log/redact.js';

const PEM_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVGVzdE9ubHlOb3RBUmVhbEtleQ==',
  '-----END PRIVATE KEY-----',
].join('\n');
const RSA_KEY = PEM_KEY.replaceAll('PRIVATE KEY', 'RSA PRIVATE KEY');
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';

describe('redactString', () => {
  it.each([
    ['a PEM private key block', `material ${PEM_KEY} end`, `material ${REDACTED} end`],
    ['a key: line', 'key: k3y-v4lue', `key: ${REDACTED}`],
    ['an RSA private key block', `x${RSA_KEY}y`, `x${REDACTED}y`],
    ['a truncated private key block', `${PEM_KEY.slice(0, 60)}`, REDACTED],
    [
      'an api_key query parameter',
      '/apisix/admin/routes?api_key=s3cr3t&page=2',
      `/apisix/admin/routes?api_key=${REDACTED}&page=2`,
    ],
    ['a token query parameter', 'https://h/x?token=abc', `https://h/x?token=${REDACTED}`],
    ['an Authorization header line', 'Authorization: Bearer abc.def', `Authorization: ${REDACTED}`],
    ['an X-API-KEY header line', 'x-api-key: edd1c9f0', `x-api-key: ${REDACTED}`],
    [
      'a secret field in serialized JSON',
      '{"githubToken":"ghp_abc","n":1}',
      `{"githubToken":"${REDACTED}","n":1}`,
    ],
    [
      'a URL password',
      'https://git:hunter2@example.com/r.git',
      `https://git:${REDACTED}@example.com/r.git`,
    ],
    [
      'a GitLab private_token query parameter',
      'https://gitlab.example/api/v4/projects/1?private_token=glpat-abc&ref=main',
      `https://gitlab.example/api/v4/projects/1?private_token=${REDACTED}&ref=main`,
    ],
    [
      'admin and client key fields in serialized JSON',
      '{"adminKey":"edd1","admin_key":"edd2","client_key":"k","name":"n"}',
      `{"adminKey":"${REDACTED}","admin_key":"${REDACTED}","client_key":"${REDACTED}","name":"n"}`,
    ],
    ['an X-Gitlab-Token header line', 'X-Gitlab-Token: s3cr3t', `X-Gitlab-Token: ${REDACTED}`],
    ['a PRIVATE-TOKEN header line', 'PRIVATE-TOKEN: glpat-abc', `PRIVATE-TOKEN: ${REDACTED}`],
    ['a quoted X-API-KEY header value', "x-api-key: 'edd1c9f0'", `x-api-key: ${REDACTED}`],
  ])('masks %s', (_case, input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it.each([
    ['a certificate', CERT],
    ['an ordinary URL', 'http://127.0.0.1:9180/apisix/admin/routes?page=1'],
    ['an APISIX key path', '/apisix/routes/r1'],
    ['an error name heading its message', 'SecretError: secret reference "env:X" is unset'],
    ['an ordinary name: value pair', 'status: 503, reason: upstream down'],
  ])('keeps %s readable', (_case, input) => {
    expect(redactString(input)).toBe(input);
  });
});

describe('isSecretKey', () => {
  it.each([
    ['X-API-KEY', true],
    ['api_key', true],
    ['Authorization', true],
    ['githubToken', true],
    ['webhook_secret', true],
    ['password', true],
    ['privateKey', true],
    ['key', true],
    ['keys', true],
    ['monkey', false],
    ['cert', false],
    ['name', false],
  ])('classifies %s as secret: %s', (key, expected) => {
    expect(isSecretKey(key)).toBe(expected);
  });
});

describe('redact', () => {
  it('masks secret keys and PEM keys deep in objects and arrays', () => {
    // Prepare
    const input = {
      headers: { 'X-API-KEY': 'edd1c9f034335f136f87ad84b625c8f1', accept: 'json' },
      targets: [{ tls: { cert: CERT, key: PEM_KEY }, token: 'ghp_x' }],
    };

    // Act
    const out = redact(input);

    // Assess
    expect(out).toEqual({
      headers: { 'X-API-KEY': REDACTED, accept: 'json' },
      targets: [{ tls: { cert: CERT, key: REDACTED }, token: REDACTED }],
    });
  });

  it('does not mutate its input', () => {
    const input = { password: 'p', nested: { api_key: 'k' } };
    const copy = structuredClone(input);
    redact(input);
    expect(input).toEqual(copy);
  });

  it('replaces cycles with a marker instead of recursing forever', () => {
    const node: Record<string, unknown> = { name: 'a' };
    node.self = node;
    expect(redact(node)).toEqual({ name: 'a', self: '[Circular]' });
  });

  it('prints a shared non-cyclic object at every place it appears', () => {
    const shared = { n: 1 };
    expect(redact({ a: shared, b: shared })).toEqual({ a: { n: 1 }, b: { n: 1 } });
  });

  it('turns errors into plain objects with redacted message, stack and cause', () => {
    const err = new Error('GET /x?api_key=abc failed', { cause: new Error(PEM_KEY) });
    const out = redact({ err }) as { err: Record<string, unknown> };
    expect(out.err.name).toBe('Error');
    expect(out.err.message).toBe(`GET /x?api_key=${REDACTED} failed`);
    expect(JSON.stringify(out)).not.toContain('abc');
    expect(JSON.stringify(out)).not.toContain('PRIVATE KEY');
  });

  it.each([
    ['a Buffer', Buffer.from('secret'), '[Buffer 6 bytes]'],
    ['a bigint', 10n, '10'],
    ['a Date', new Date(0), '1970-01-01T00:00:00.000Z'],
    ['a Map', new Map([['token', 't']]), { token: REDACTED }],
    ['undefined', undefined, undefined],
  ])('converts %s to a JSON-safe value', (_case, input, expected) => {
    expect(redact(input)).toEqual(expected);
  });
});

describe('redactUrl', () => {
  it('masks the admin key in a URL', () => {
    expect(redactUrl('http://a:9180/apisix/admin/routes?api_key=k1')).toBe(
      `http://a:9180/apisix/admin/routes?api_key=${REDACTED}`,
    );
  });
});
