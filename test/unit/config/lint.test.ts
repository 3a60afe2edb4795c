import { describe, expect, it } from 'vitest';
import { lintConfig, lintIssues } from '../../../lib/config/index.js';
import { ConfigError } from '../../../lib/errors.js';

const node = { host: 'httpbin.org', port: 443, weight: 1 };

describe('lintConfig', () => {
  it('returns the configuration without adding schema defaults', () => {
    // Prepare: ADC's CLI would add type, scheme, pass_host, priority, ssl type…
    const input = {
      services: [
        { name: 'a', upstream: { nodes: [node], checks: { active: { http_path: '/' } } } },
      ],
      ssls: [{ snis: ['a.com'], certificates: [{ certificate: '$env://C', key: '$env://K' }] }],
    };

    // Act
    const config = lintConfig(structuredClone(input));

    // Assess
    expect(config).toEqual(input);
  });

  it('turns numeric strings in numeric fields into numbers, as ADC does', () => {
    const config = lintConfig({
      services: [{ name: 'a', upstream: { nodes: [{ host: 'h', port: '8080', weight: '10' }] } }],
    });
    expect(config.services?.[0]?.upstream?.nodes?.[0]).toEqual({
      host: 'h',
      port: 8080,
      weight: 10,
    });
  });

  it.each([
    ['a boolean port', { host: 'h', port: true, weight: 1 }],
    ['an empty string weight', { host: 'h', port: 80, weight: '' }],
    ['a fractional port', { host: 'h', port: 80.5, weight: 1 }],
  ])('rejects %s instead of coercing it', (_label, badNode) => {
    expect(lintIssues({ services: [{ name: 'a', upstream: { nodes: [badNode] } }] })).toHaveLength(
      1,
    );
  });

  it('reports every issue at once, with paths relative to config for HTTP input', () => {
    // Act
    const issues = lintIssues({
      services: [
        { name: '', routes: [{ name: 'r', uris: [] }] },
        { name: 'b', upstream: { nodes: [node], discovery_type: 'dns' } },
      ],
      consumers: [{ username: 'u', credentials: [{ name: 'c', type: 'oauth', config: {} }] }],
    });

    // Assess
    expect(issues.map((i) => [i.path, i.resourceType, i.file])).toEqual([
      [['services', 0, 'name'], 'service', undefined],
      [['services', 0, 'routes', 0, 'uris'], 'route', undefined],
      [['services', 1, 'upstream'], 'upstream', undefined],
      [['consumers', 0, 'credentials', 0, 'type'], 'consumer_credential', undefined],
    ]);
  });

  it.each([
    ['a name of 65,536 characters', 'x'.repeat(64 * 1024), 0],
    ['a name of 65,537 characters', 'x'.repeat(64 * 1024 + 1), 1],
  ])('accepts or rejects %s like ADC', (_label, name, count) => {
    expect(lintIssues({ services: [{ name }] })).toHaveLength(count);
  });

  it.each([
    ['an id of 256 characters', '0'.repeat(256), 0],
    ['an id of 257 characters', '0'.repeat(257), 1],
    ['an id with a slash', 'a/b', 1],
  ])('checks %s', (_label, id, count) => {
    expect(lintIssues({ services: [{ name: 'a', id }] })).toHaveLength(count);
  });

  it('hints at the closest known key for an unknown one', () => {
    const issues = lintIssues({ services: [{ name: 'a', rotues: [] }] });
    expect(issues[0]?.message).toBe('Unknown key "rotues" (did you mean "routes"?)');
    expect(issues[0]?.path).toEqual(['services', 0, 'rotues']);
  });

  it('reports duplicate names that would give two resources one id', () => {
    const issues = lintIssues({
      services: [{ name: 'a' }, { name: 'a' }],
      consumers: [{ username: 'u' }, { username: 'u' }],
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['duplicate', ['services', 1, 'name']],
      ['duplicate', ['consumers', 1, 'username']],
    ]);
  });

  it.each([
    ['a list', []],
    ['null', null],
    ['a string', 'services: []'],
  ])('throws a ConfigError for %s at the top level', (_label, input) => {
    expect(() => lintConfig(input)).toThrow(ConfigError);
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({
      services: Object.freeze([
        Object.freeze({
          name: 'a',
          upstream: Object.freeze({ nodes: [{ host: 'h', port: '80', weight: 1 }] }),
        }),
      ]),
    });
    lintConfig(input);
    expect(input.services[0]?.upstream.nodes[0]?.port).toBe('80');
  });

  it('never echoes a certificate or key in its messages', () => {
    const secret = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC';
    const issues = lintIssues({
      ssls: [
        { snis: ['a.com'], certificates: [{ certificate: secret, key: secret.slice(0, 10) }] },
      ],
    });
    expect(issues).toHaveLength(2);
    expect(JSON.stringify(issues)).not.toContain(secret.slice(0, 10));
  });
});
