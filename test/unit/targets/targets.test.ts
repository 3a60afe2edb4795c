import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lib/errors.js';
import {
  clearTargetsCache,
  currentTargets,
  findTarget,
  loadTargets,
  parseTargets,
  secretRefsOf,
  type Target,
} from '../../../lib/targets/index.js';
import { ADMIN_ARN, DESIGN_EXAMPLE, MINIMAL } from './fixtures.js';

describe('parseTargets', () => {
  it("accepts DESIGN.md's full example unchanged", () => {
    expect(parseTargets(JSON.stringify([DESIGN_EXAMPLE]))).toEqual([DESIGN_EXAMPLE]);
  });

  it('fills every default', () => {
    const [target] = parseTargets(JSON.stringify([MINIMAL]));

    expect(target).toEqual<Target>({
      ...MINIMAL,
      backend: 'apisix',
      prune: 'owned',
      dryRun: false,
      source: {
        type: 'git',
        url: 'https://git.example/acme/gw.git',
        ref: 'main',
        paths: ['**/*.yaml', '**/*.yml', '**/*.json'],
      },
    });
  });

  it('fills defaults of local sources and TLS blocks', () => {
    const [target] = parseTargets(
      JSON.stringify([{ ...MINIMAL, source: { type: 'local', path: 'examples' }, tls: {} }]),
    );

    expect(target?.source).toEqual({
      type: 'local',
      path: 'examples',
      paths: ['**/*.yaml', '**/*.yml', '**/*.json'],
    });
    expect(target?.tls).toEqual({ skipVerify: false });
  });

  it('keeps a webhook branch that differs from the source ref', () => {
    const webhook = { provider: 'gitea', secrets: ['env:HOOK'], branch: 'release/2026' };
    const [target] = parseTargets(JSON.stringify([{ ...MINIMAL, webhook }]));

    expect(target?.webhook).toEqual(webhook);
  });

  it.each([
    ['github', 'https://github.com/acme/gateway-config'],
    ['github', 'https://ghe.example.com/acme/gateway-config.git'],
    ['gitlab', 'https://gitlab.com/acme/platform/gateway-config'],
    ['git', 'http://127.0.0.1:8080/repo.git'],
  ])('accepts a %s source at %s', (type, url) => {
    const [target] = parseTargets(
      JSON.stringify([{ ...MINIMAL, source: { type, url, ref: 'v1.2.0' } }]),
    );
    expect(target?.source).toMatchObject({ type, url, ref: 'v1.2.0' });
  });
});

describe('loadTargets', () => {
  it.each([[{}], [{ APISYNC_TARGETS: '' }], [{ APISYNC_TARGETS: '  \n' }]])(
    'returns [] for %j',
    (env) => {
      expect(loadTargets(env)).toEqual([]);
    },
  );

  it('parses APISYNC_TARGETS from the given environment', () => {
    const targets = loadTargets({ APISYNC_TARGETS: JSON.stringify([MINIMAL, DESIGN_EXAMPLE]) });

    expect(targets.map((t) => t.name)).toEqual(['dev', 'prod']);
  });

  it('names APISYNC_TARGETS in its errors', () => {
    expect(() => loadTargets({ APISYNC_TARGETS: '[{}]' })).toThrow(
      /^APISYNC_TARGETS is invalid \(3 problems\)/,
    );
  });
});

describe('findTarget', () => {
  it('finds a target by name, or returns undefined', () => {
    const targets = parseTargets(JSON.stringify([MINIMAL, DESIGN_EXAMPLE]));

    expect(findTarget(targets, 'prod')?.servers).toEqual(DESIGN_EXAMPLE.servers);
    expect(findTarget(targets, 'staging')).toBeUndefined();
  });
});

describe('secretRefsOf', () => {
  it('lists every secret reference of a target once', () => {
    const [target] = parseTargets(
      JSON.stringify([
        {
          ...DESIGN_EXAMPLE,
          webhook: { provider: 'github', secrets: ['env:GIT_TOKEN', 'apisync/webhook'] },
        },
      ]),
    );

    expect(target && secretRefsOf(target)).toEqual([
      ADMIN_ARN,
      'file:/etc/apisync/ca.pem',
      'apisync/prod/mtls#cert',
      'apisync/prod/mtls#key',
      'env:GIT_TOKEN',
      'apisync/webhook',
    ]);
  });
});

describe('currentTargets', () => {
  afterEach(() => clearTargetsCache());

  it('returns the remembered list while APISYNC_TARGETS is unchanged', () => {
    const env = { APISYNC_TARGETS: JSON.stringify([MINIMAL]) };
    const first = currentTargets(env);
    expect(currentTargets({ ...env })).toBe(first);
  });

  it('parses again when APISYNC_TARGETS changes', () => {
    const first = currentTargets({ APISYNC_TARGETS: JSON.stringify([MINIMAL]) });
    const renamed = { ...MINIMAL, name: 'stage' };
    const second = currentTargets({ APISYNC_TARGETS: JSON.stringify([renamed]) });
    expect(second).not.toBe(first);
    expect(second.map((t) => t.name)).toEqual(['stage']);
  });

  it('throws on every call for an invalid list instead of remembering it', () => {
    const env = { APISYNC_TARGETS: '[{"name":"x"}]' };
    expect(() => currentTargets(env)).toThrow(ConfigError);
    expect(() => currentTargets(env)).toThrow(ConfigError);
  });
});
