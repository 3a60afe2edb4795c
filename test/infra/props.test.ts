import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, loadDeployConfig } from '../../infra/config-file.js';
import { functionSettings, parseDeployConfig } from '../../infra/props.js';

describe('parseDeployConfig', () => {
  it('fills in the defaults when only targets are given', () => {
    const config = parseDeployConfig({ targets: [{ name: 'prod' }] });
    expect(config).toMatchObject({
      scheduleRateMinutes: 5,
      syncApiAuth: 'iam',
      logRetentionDays: 30,
      logLevel: 'INFO',
      serviceName: 'apisync',
      metricsNamespace: 'apisync',
      secrets: [],
    });
    expect(functionSettings(config, 'sync-api')).toEqual({ memoryMb: 512, timeoutSeconds: 29 });
  });

  it('keeps unknown target fields for lib/targets to validate at runtime', () => {
    const target = { name: 'prod', servers: ['http://a:9180'], prune: 'owned', maxDeletes: 3 };
    expect(parseDeployConfig({ targets: [target] }).targets).toEqual([target]);
  });

  it.each([
    [{ targets: [], syncApiAuth: 'bearer' }, 'syncApiTokenSecret: is required'],
    [{ targets: [], logRetentionDays: 31 }, 'logRetentionDays: must be one of'],
    [{ targets: [], scheduleRateMinutes: 0 }, 'scheduleRateMinutes:'],
    [{ targets: [{ name: 'a' }, { name: 'a' }] }, 'targets.1.name: duplicate target name "a"'],
    [{ targets: [{ name: 'a', adminKey: 42 }] }, 'targets.0.adminKey:'],
    [{ targets: [], functions: { reconcile: { memoryMb: 64 } } }, 'functions.reconcile.memoryMb:'],
    [{ targets: [], schedule: 'rate(5 minutes)' }, 'schedule'],
    [{}, 'targets:'],
  ])('rejects %j naming the field', (input, expected) => {
    expect(() => parseDeployConfig(input)).toThrow(expected);
  });
});

describe('loadDeployConfig', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function writeConfig(content: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'apisync-deploy-'));
    dirs.push(dir);
    const path = join(dir, 'deploy.json');
    writeFileSync(path, content);
    return path;
  }

  it('falls back to the example when no config is named', () => {
    const loaded = loadDeployConfig(undefined, {});
    expect(loaded).toMatchObject({ path: EXAMPLE_CONFIG, isExample: true });
    expect(loaded.config.targets.map((t) => t.name)).toEqual(['prod']);
  });

  const target = (name: string, servers = '["http://127.0.0.1:9180"]'): string =>
    `{"name":"${name}","servers":${servers},"source":{"type":"local","path":"adc"}}`;

  it('prefers the context value over APISYNC_DEPLOY_CONFIG', () => {
    const fromContext = writeConfig(`{"targets":[${target('ctx')}]}`);
    const fromEnv = writeConfig(`{"targets":[${target('env')}]}`);
    const loaded = loadDeployConfig(fromContext, { APISYNC_DEPLOY_CONFIG: fromEnv });
    expect(loaded.config.targets[0]?.name).toBe('ctx');
    expect(loadDeployConfig(undefined, { APISYNC_DEPLOY_CONFIG: fromEnv }).isExample).toBe(false);
  });

  it.each([
    ['not JSON', '{targets:', /Cannot read the deploy config .*deploy\.json/],
    [
      'invalid',
      '{"targets":[],"syncApiAuth":"basic"}',
      /Invalid .*deploy\.json:\n {2}syncApiAuth:/,
    ],
  ])('names the file when it is %s', (_case, content, expected) => {
    expect(() => loadDeployConfig(writeConfig(content), {})).toThrow(expected);
  });
});
