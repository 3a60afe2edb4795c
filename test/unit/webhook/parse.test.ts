import { describe, expect, it } from 'vitest';
import { decodePayload, PayloadError, parsePush } from '../../../lib/webhook/index.js';
import { fixture, githubBranchPush, githubExample } from '../../fixtures/webhook/deliveries.js';

const ZERO = '0000000000000000000000000000000000000000';

describe('decodePayload', () => {
  it('parses a JSON body', () => {
    expect(decodePayload('application/json', Buffer.from('{"a":1}'))).toEqual({ a: 1 });
  });

  it("unwraps GitHub's form-encoded payload field", () => {
    const body = new URLSearchParams({ payload: JSON.stringify({ ref: 'refs/heads/a+b' }) });
    const parsed = decodePayload('application/x-www-form-urlencoded', Buffer.from(body.toString()));
    expect(parsed).toEqual({ ref: 'refs/heads/a+b' });
  });

  it.each([
    ['application/json', 'not json', 'body is not valid JSON'],
    ['application/json', '[1,2]', 'body is not a JSON object'],
    ['application/x-www-form-urlencoded', 'other=1', 'form body has no payload field'],
  ])('refuses a %s body %j', (mediaType, body, message) => {
    expect(() => decodePayload(mediaType, Buffer.from(body))).toThrow(new PayloadError(message));
  });
});

describe('parsePush', () => {
  it('reads a GitHub branch push from the octokit example', () => {
    const [push, ...rest] = parsePush('github', 'push', 'd-1', githubBranchPush());
    expect(rest).toEqual([]);
    expect(push).toEqual({
      provider: 'github',
      event: 'push',
      deliveryId: 'd-1',
      ref: 'refs/heads/master',
      branch: 'master',
      sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      deleted: false,
      repository: 'Codertocat/Hello-World',
    });
  });

  it('reads GitHub tag pushes and tag deletions from the octokit examples', () => {
    const created = parsePush('github', 'push', 'd', githubExample('push', 0))[0];
    const deleted = parsePush('github', 'push', 'd', githubExample('push', 1))[0];
    expect(created).toMatchObject({ tag: 'simple-tag', deleted: false });
    expect(created?.branch).toBeUndefined();
    expect(deleted).toMatchObject({ tag: 'simple-tag', deleted: true, sha: ZERO });
  });

  it('reads a GitLab push, preferring checkout_sha', () => {
    const payload = { ...fixture('gitlab-push.json'), checkout_sha: 'c'.repeat(40) };
    expect(parsePush('gitlab', 'Push Hook', 'd', payload)[0]).toMatchObject({
      branch: 'master',
      sha: 'c'.repeat(40),
      deleted: false,
      repository: 'mike/diaspora',
    });
  });

  it('reads a GitLab branch deletion (checkout_sha null, after zeros)', () => {
    const payload = { ...fixture('gitlab-push.json'), checkout_sha: null, after: ZERO };
    expect(parsePush('gitlab', 'Push Hook', 'd', payload)[0]).toMatchObject({
      branch: 'master',
      sha: ZERO,
      deleted: true,
    });
  });

  it('reads a GitLab tag push', () => {
    const push = parsePush('gitlab', 'Tag Push Hook', 'd', fixture('gitlab-tag-push.json'))[0];
    expect(push).toMatchObject({ tag: 'v1.0.0', repository: 'jsmith/example', deleted: false });
  });

  it('reads a Gitea push', () => {
    expect(parsePush('gitea', 'push', 'd', fixture('gitea-push.json'))[0]).toMatchObject({
      branch: 'develop',
      sha: 'bffeb74224043ba2feb48d137756c8a9331c449a',
      repository: 'gitea/webhooks',
      deleted: false,
    });
  });

  it('reads a Bitbucket Cloud push', () => {
    const pushes = parsePush('bitbucket', 'repo:push', 'd', fixture('bitbucket-cloud-push.json'));
    expect(pushes).toEqual([
      expect.objectContaining({
        ref: 'refs/heads/main',
        branch: 'main',
        sha: '709d658dc5b6d6afcd46049c2f332ee3f515a67d',
        repository: 'acme/gateway-config',
        deleted: false,
      }),
    ]);
  });

  it('reads a Bitbucket Cloud branch deletion and tag push', () => {
    const payload = fixture('bitbucket-cloud-push.json');
    const deletion = {
      old: { name: 'main', type: 'branch', target: { hash: 'a'.repeat(40) } },
      new: null,
      closed: true,
    };
    const tag = {
      old: null,
      new: { name: 'v2', type: 'tag', target: { hash: 'f'.repeat(40) } },
    };
    const pushes = parsePush('bitbucket', 'repo:push', 'd', {
      ...payload,
      push: { changes: [deletion, tag] },
    });
    expect(pushes.map((p) => [p.ref, p.deleted])).toEqual([
      ['refs/heads/main', true],
      ['refs/tags/v2', false],
    ]);
  });

  it('reads a Bitbucket Data Center refs_changed event', () => {
    const payload = fixture('bitbucket-server-refs-changed.json');
    expect(parsePush('bitbucket', 'repo:refs_changed', 'd', payload)).toEqual([
      expect.objectContaining({
        ref: 'refs/heads/master',
        sha: '178864a7d521b6f5e720b386b2c2b0ef8563e0dc',
        repository: 'PROJ/repository',
        deleted: false,
      }),
    ]);
  });

  it.each([
    ['github', 'push', { ref: 'refs/heads/main' }],
    ['gitlab', 'Push Hook', { after: 'a'.repeat(40) }],
    ['bitbucket', 'repo:push', { push: {} }],
    ['bitbucket', 'repo:push', { push: { changes: [{ new: { type: 'branch' } }] } }],
    ['bitbucket', 'repo:refs_changed', { changes: [{ refId: 'refs/heads/x' }] }],
  ] as const)('refuses a %s %s payload without the push fields: %j', (provider, event, payload) => {
    expect(() => parsePush(provider, event, 'd', payload)).toThrow(PayloadError);
  });

  it.each([
    ['github', 'push', { ref: 'refs/heads/main', after: 'main' }],
    ['gitea', 'push', { ref: 'refs/heads/main', after: '../../x' }],
    ['gitlab', 'Push Hook', { ref: 'refs/heads/main', checkout_sha: 'HEAD', after: 'HEAD' }],
    [
      'bitbucket',
      'repo:push',
      { push: { changes: [{ new: { type: 'branch', name: 'main', target: { hash: 'x' } } }] } },
    ],
    ['bitbucket', 'repo:refs_changed', { changes: [{ refId: 'refs/heads/x', toHash: 'HEAD' }] }],
  ] as const)(
    'refuses a %s %s payload whose commit is not a commit id: %j',
    (provider, event, payload) => {
      expect(() => parsePush(provider, event, 'd', payload)).toThrow(PayloadError);
    },
  );
});
