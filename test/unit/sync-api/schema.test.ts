import { describe, expect, it } from 'vitest';
import { parseTaskBody, taskToRun } from '../../../lib/sync/api/index.js';

const base = { backend: 'apisix', server: ['http://127.0.0.1:9180'], token: 'k' };
const body = (opts: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  task: { opts, config: {}, ...extra },
});

function pathsOf(input: unknown): string[] {
  const parsed = parseTaskBody(input);
  return parsed.ok ? [] : parsed.issues.map((i) => i.path.join('.'));
}

describe('parseTaskBody', () => {
  it('accepts the body AIC sends, unknown opts included (loose like ADC)', () => {
    const aic = {
      ...base,
      labelSelector: { a: 'b' },
      includeResourceType: ['service'],
      tlsSkipVerify: true,
      cacheKey: 'gw',
      gatewayGroup: 'default',
    };
    expect(parseTaskBody(body(aic)).ok).toBe(true);
  });

  it.each([
    ['an unknown top-level key', { ...body(base), extra: 1 }, ''],
    ['an unknown key in task', body(base, { wait: 1 }), 'task'],
    ['a missing server', body({ backend: 'apisix', token: 'k' }), 'task.opts.server'],
    ['a server that is not a URL', body({ ...base, server: 'localhost:9180' }), 'task.opts.server'],
    ['an unsupported backend', body({ ...base, backend: 'api7ee' }), 'task.opts.backend'],
    [
      'a client cert without its key',
      body({ ...base, tlsClientCert: '-----BEGIN CERTIFICATE-----' }),
      'task.opts.tlsClientKey',
    ],
    ['a key that is not PEM', body({ ...base, caCert: 'not pem' }), 'task.opts.caCert'],
    [
      'an unknown resource type',
      body({ ...base, includeResourceType: ['plugin_config_x'] }),
      'task.opts.includeResourceType.0',
    ],
    [
      'include and exclude together',
      body({ ...base, includeResourceType: ['route'], excludeResourceType: ['ssl'] }),
      'task.opts.excludeResourceType',
    ],
    [
      'two tokens for three standalone servers',
      body({
        ...base,
        backend: 'apisix-standalone',
        server: 'http://a:1,http://b:1,http://c:1',
        token: 'x,y',
      }),
      'task.opts.token',
    ],
  ])('reports %s at its path', (_name, input, path) => {
    expect(pathsOf(input)).toContain(path);
  });

  it.each([
    ['a string', 'http://admin:S3CRET@127.0.0.1:9180', 'task.opts.server'],
    ['a comma list', 'http://a:9180,http://admin:S3CRET@b:9180', 'task.opts.server'],
    ['an array', ['http://a:9180', 'https://admin:S3CRET@b:9180'], 'task.opts.server.1'],
    ['a user without password', ['http://S3CRET@a:9180'], 'task.opts.server.0'],
  ])('refuses credentials in a server URL given as %s, naming the field', (_, server, path) => {
    // Act
    const parsed = parseTaskBody(body({ ...base, server }));

    // Assess
    expect(pathsOf(body({ ...base, server }))).toEqual([path]);
    if (parsed.ok) throw new Error('accepted');
    expect(parsed.issues[0]?.message).toContain('must not embed credentials');
    expect(JSON.stringify(parsed)).not.toContain('S3CRET');
  });

  it.each([
    ['includeResourceType', 'plugin_config'],
    ['includeResourceType', 'stream_service'],
    ['excludeResourceType', 'plugin_config'],
    ['excludeResourceType', 'stream_service'],
  ])('accepts ADC’s %s name %s', (field, type) => {
    expect(parseTaskBody(body({ ...base, [field]: [type] })).ok).toBe(true);
  });

  it('never echoes a value in an issue', () => {
    const parsed = parseTaskBody(
      body({ ...base, token: 42, tlsClientKey: '-----BEGIN PRIVATE KEY-----abc' }),
    );
    expect(JSON.stringify(parsed)).not.toContain('PRIVATE KEY');
  });
});

describe('taskToRun', () => {
  it('maps opts to the CLI’s defaults: prune all, managed-by label, empty-prune guard on', () => {
    const parsed = parseTaskBody(
      body({
        ...base,
        server: 'http://a:9180, http://b:9180',
        timeout: 5000,
        labelSelector: { t: 'w' },
      }),
    );
    if (!parsed.ok) throw new Error('invalid');
    const run = taskToRun(parsed.body.task.opts, { allowEmptyPrune: false });
    expect(run.target).toMatchObject({
      servers: ['http://a:9180', 'http://b:9180'],
      timeoutMs: 5000,
    });
    expect(run.target.tls).toBeUndefined();
    expect(run.scope).toEqual({ labelSelector: { t: 'w' } });
    expect(run.options).toMatchObject({
      prune: 'all',
      managedByLabel: true,
      refuseEmptyPrune: true,
    });
  });

  it('selects a TLS profile from the PEM fields and tlsSkipVerify', () => {
    const pem = '-----BEGIN CERTIFICATE-----x';
    const parsed = parseTaskBody(
      body({
        ...base,
        caCert: pem,
        tlsClientCert: pem,
        tlsClientKey: '-----BEGIN PRIVATE KEY-----y',
        tlsSkipVerify: true,
      }),
    );
    if (!parsed.ok) throw new Error('invalid');
    const run = taskToRun(parsed.body.task.opts, { allowEmptyPrune: true });
    expect(run.target.tls).toEqual({
      ca: pem,
      cert: pem,
      key: '-----BEGIN PRIVATE KEY-----y',
      rejectUnauthorized: false,
    });
    expect(run.options.refuseEmptyPrune).toBe(false);
  });
});
