import { describe, expect, it } from 'vitest';
import { repositoryMatches, selectPush, targetBranch } from '../../../lib/webhook/index.js';
import type { PushEvent, WebhookTarget } from '../../../lib/webhook/types.js';

function push(ref: string, overrides: Partial<PushEvent> = {}): PushEvent {
  const branch = ref.startsWith('refs/heads/') ? ref.slice(11) : undefined;
  const tag = ref.startsWith('refs/tags/') ? ref.slice(10) : undefined;
  return {
    provider: 'github',
    event: 'push',
    deliveryId: 'd',
    ref,
    ...(branch ? { branch } : {}),
    ...(tag ? { tag } : {}),
    sha: 'a'.repeat(40),
    deleted: false,
    repository: 'acme/gateway-config',
    ...overrides,
  };
}

const target: WebhookTarget = {
  name: 'prod',
  source: { type: 'git', url: 'https://github.com/acme/gateway-config.git', ref: 'main' },
  webhook: { provider: 'github', secrets: ['env:S'] },
};

describe('targetBranch', () => {
  it.each([
    [{ name: 't' }, 'main'],
    [{ name: 't', source: { ref: 'release' } }, 'release'],
    [{ name: 't', source: { ref: 'refs/heads/release' } }, 'release'],
    [
      {
        name: 't',
        source: { ref: 'main' },
        webhook: { provider: 'gitea', secrets: [], branch: 'deploy' },
      },
      'deploy',
    ],
  ] as [WebhookTarget, string][])('picks the branch of %j', (t, expected) => {
    expect(targetBranch(t)).toBe(expected);
  });
});

describe('repositoryMatches', () => {
  it.each([
    ['https://github.com/acme/gateway-config.git', 'acme/gateway-config', true],
    ['https://github.com/Acme/Gateway-Config', 'acme/gateway-config', true],
    ['git@github.com:acme/gateway-config.git', 'acme/gateway-config', true],
    ['https://gitlab.example.com/group/sub/cfg.git', 'group/sub/cfg', true],
    ['https://bitbucket.example.com/scm/PROJ/repository.git', 'PROJ/repository', true],
    ['https://github.com/acme/gateway-config.git', 'acme/other', false],
    ['https://github.com/acme/gateway-config.git', 'evil/acme/gateway-config', false],
    ['https://github.com/acme/gateway-config.git', 'config', false],
    ['https://github.com/acme/gateway-config.git', '', false],
  ])('compares source %s with pushed repository %j as %s', (url, repository, expected) => {
    expect(repositoryMatches({ name: 't', source: { type: 'git', url } }, repository)).toBe(
      expected,
    );
  });

  it('accepts any repository for a local source, which has no remote to compare', () => {
    const local = { name: 't', source: { type: 'local', url: 'file:///srv/cfg' } };
    expect(repositoryMatches(local, 'anything/at-all')).toBe(true);
  });
});

describe('selectPush', () => {
  it('triggers on a push to the target branch', () => {
    const decision = selectPush([push('refs/heads/main')], target);
    expect(decision).toEqual({ trigger: true, push: push('refs/heads/main') });
  });

  it.each([
    [
      [push('refs/heads/feature')],
      'push to refs/heads/feature ignored; this target follows refs/heads/main',
    ],
    [[push('refs/tags/v1')], 'tag push (refs/tags/v1) ignored'],
    [[push('refs/heads/main', { deleted: true, sha: '0'.repeat(40) })], 'branch main was deleted'],
    [
      [push('refs/heads/main', { repository: 'acme/other' })],
      "repository acme/other is not this target's source",
    ],
    [[], 'push carries no ref updates'],
  ])('ignores %j because %s', (pushes, reason) => {
    expect(selectPush(pushes, target)).toEqual({ trigger: false, reason });
  });

  it('picks the target branch out of a multi-ref Bitbucket push', () => {
    const pushes = [
      push('refs/tags/v1'),
      push('refs/heads/dev'),
      push('refs/heads/main', { sha: 'b'.repeat(40) }),
    ];
    const decision = selectPush(pushes, target);
    expect(decision.trigger && decision.push.sha).toBe('b'.repeat(40));
  });
});
