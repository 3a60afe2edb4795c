import { describe, expect, it } from 'vitest';
import {
  parse,
  parseDuration,
  parseLabelSelector,
  scopeFromFlags,
  targetFromFlags,
  UsageError,
} from '../../../lib/cli/options.js';
import type { CliIO } from '../../../lib/cli/types.js';

const io = (env: Record<string, string> = {}): CliIO => ({
  stdout: { write: () => true },
  stderr: { write: () => true },
  env,
  cwd: '/',
  isTTY: false,
});

describe('parseDuration', () => {
  it.each([
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['1.5s', 1500],
    ['2500', 2500],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '10x', '0s', '-1s', '10s later'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(UsageError);
  });
});

describe('parseLabelSelector', () => {
  it('merges repeated flags and comma lists into one AND selector', () => {
    expect(parseLabelSelector(['team=web,env=prod', 'tier = edge'])).toEqual({
      team: 'web',
      env: 'prod',
      tier: 'edge',
    });
  });

  it('keeps an = inside the value and allows an empty value', () => {
    expect(parseLabelSelector(['expr=a=b', 'empty='])).toEqual({ expr: 'a=b', empty: '' });
  });

  it.each([['team'], ['=web']])('rejects %j', (entry) => {
    expect(() => parseLabelSelector([entry])).toThrow(/expected key=value/);
  });

  it('is undefined without flags', () => {
    expect(parseLabelSelector(undefined)).toBeUndefined();
  });
});

describe('targetFromFlags', () => {
  it.each([
    ['--server', ['--server', 'http://admin:S3CRET@127.0.0.1:9180'], {}],
    ['a second --server URL', ['--server', 'http://a:1,https://S3CRET@b:1'], {}],
    ['ADC_SERVER', [], { ADC_SERVER: 'http://admin:S3CRET@127.0.0.1:9180' }],
  ])('refuses credentials in %s as a usage error that hides them', async (_, args, env) => {
    // Act
    const result = targetFromFlags(parse(args, {}).values, io({ ADC_TOKEN: 'k', ...env }));

    // Assess
    await expect(result).rejects.toBeInstanceOf(UsageError);
    await expect(result).rejects.toThrow(/must not embed credentials/);
    await expect(result).rejects.not.toThrow(/S3CRET/);
  });

  it('reads ADC environment variables', async () => {
    const { values } = parse([], {});
    const target = await targetFromFlags(
      values,
      io({
        ADC_SERVER: 'http://a:9180,http://b:9180',
        ADC_TOKEN: 'adc',
        ADC_BACKEND: 'apisix-standalone',
        ADC_TLS_SKIP_VERIFY: 'true',
      }),
    );
    expect(target).toMatchObject({
      backend: 'apisix-standalone',
      servers: ['http://a:9180', 'http://b:9180'],
      token: 'adc',
      tls: { rejectUnauthorized: false },
    });
  });

  it('prefers flags over APISYNC_* over ADC_*', async () => {
    const env = {
      APISYNC_SERVER: 'http://apisync:1',
      ADC_SERVER: 'http://adc:1',
      APISYNC_TOKEN: 't1',
      ADC_TOKEN: 't2',
    };
    const fromEnv = await targetFromFlags(parse([], {}).values, io(env));
    const fromFlag = await targetFromFlags(
      parse(['--server', 'http://flag:1', '--token', 'f'], {}).values,
      io(env),
    );
    expect(fromEnv).toMatchObject({ servers: ['http://apisync:1'], token: 't1' });
    expect(fromFlag).toMatchObject({ servers: ['http://flag:1'], token: 'f' });
  });

  it('reads --timeout, --concurrency and its ADC alias --request-concurrent', async () => {
    const env = { ADC_TOKEN: 't' };
    const a = await targetFromFlags(
      parse(['--timeout', '1m', '--concurrency', '4'], {}).values,
      io(env),
    );
    const b = await targetFromFlags(parse(['--request-concurrent', '12'], {}).values, io(env));
    expect(a).toMatchObject({ timeoutMs: 60_000, concurrency: 4 });
    expect(b.concurrency).toBe(12);
  });

  it.each([
    [['--concurrency', '0'], /positive integer/],
    [['--backend', 'api7ee'], /unsupported backend/],
    [['--tls-client-cert-file', 'c.pem'], /go together/],
    [['--ca-cert-file', '/no/such/ca.pem'], /cannot read the CA certificate file/],
  ])('rejects %j', async (args, message) => {
    await expect(targetFromFlags(parse(args, {}).values, io({ ADC_TOKEN: 't' }))).rejects.toThrow(
      message,
    );
  });

  it('requires an admin key', async () => {
    await expect(targetFromFlags(parse([], {}).values, io())).rejects.toThrow(/no admin key/);
  });
});

describe('scopeFromFlags', () => {
  it('collects repeatable type filters and the label selector', () => {
    const { values } = parse(
      [
        '--include-resource-type',
        'route',
        '--include-resource-type',
        'service',
        '--label-selector',
        'team=web',
      ],
      {},
    );
    expect(scopeFromFlags(values)).toEqual({
      labelSelector: { team: 'web' },
      includeResourceTypes: ['route', 'service'],
      excludeResourceTypes: undefined,
    });
  });
});

describe('parse', () => {
  it('takes -f more than once and rejects unknown flags as usage errors', () => {
    expect(parse(['-f', 'a.yaml', '-f', 'b/*.yaml'], {}).values.file).toEqual([
      'a.yaml',
      'b/*.yaml',
    ]);
    expect(() => parse(['--nope'], {})).toThrow(UsageError);
  });
});
