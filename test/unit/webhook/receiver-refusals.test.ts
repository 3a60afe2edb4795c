import { describe, expect, it } from 'vitest';
import {
  fixture,
  githubBranchPush,
  githubExample,
  type Provider,
} from '../../fixtures/webhook/deliveries.js';
import { createHarness, SECRETS } from './receiver-harness.js';

const ZERO = '0000000000000000000000000000000000000000';

const PUSHES: [string, Provider, () => Record<string, unknown>][] = [
  ['gh', 'github', githubBranchPush],
  ['gl', 'gitlab', () => fixture('gitlab-push.json')],
  ['gt', 'gitea', () => fixture('gitea-push.json')],
  ['bb', 'bitbucket', () => fixture('bitbucket-cloud-push.json')],
];

/** The signature header name each provider uses, as the host sends it. */
const SIGNATURE_HEADER: Record<Provider, string> = {
  github: 'X-Hub-Signature-256',
  gitlab: 'X-Gitlab-Token',
  gitea: 'X-Gitea-Signature',
  bitbucket: 'X-Hub-Signature',
};

describe('createWebhookReceiver refusals', () => {
  describe.each(PUSHES)('forged deliveries for %s (%s)', (target, provider, body) => {
    it('refuses a delivery signed with a wrong secret', async () => {
      const h = createHarness();
      const d = h.signedFor(target, provider, body(), { secret: 'attacker-guess' });
      const res = await h.receive({ target, delivery: d });
      expect(res).toEqual({
        status: 401,
        body: {
          status: 'refused',
          reason: 'signature does not match any configured secret',
          deliveryId: d.deliveryId,
        },
      });
      expect(h.dispatched).toEqual([]);
    });

    it('refuses a delivery without a signature header', async () => {
      const h = createHarness();
      const d = h.signedFor(target, provider, body(), { signature: null });
      const res = await h.receive({ target, delivery: d });
      expect(res.status).toBe(401);
      expect(res.body.reason).toBe(`${SIGNATURE_HEADER[provider].toLowerCase()} header missing`);
      expect(h.dispatched).toEqual([]);
    });

    it('refuses a delivery whose body was altered after signing', async () => {
      // Prepare: sign the genuine body, then send a different branch's body under that signature
      const h = createHarness();
      const d = h.signedFor(target, provider, body());
      const tampered = Buffer.from(
        d.rawBody.toString('utf8').replace(/"[0-9a-f]{40}"/, `"${'e'.repeat(40)}"`),
      );
      expect(tampered.equals(d.rawBody)).toBe(false);
      // Act
      const res = await h.receive({ target, delivery: { ...d, rawBody: tampered } });
      // Assess: GitLab's token does not sign the body, so only the HMAC providers can tell
      if (provider === 'gitlab') expect(res.status).toBe(202);
      else expect([res.status, h.dispatched.length]).toEqual([401, 0]);
    });

    it('logs the refusal with its reason and delivery id, never the secret or signature', async () => {
      const h = createHarness();
      const d = h.signedFor(target, provider, body(), { secret: 'attacker-guess' });
      await h.receive({ target, delivery: d });
      expect(h.logs).toContainEqual(
        expect.objectContaining({
          message: 'webhook refused',
          status: 401,
          deliveryId: d.deliveryId,
          reason: expect.any(String),
        }),
      );
      const text = JSON.stringify(h.logs);
      for (const secret of [...Object.values(SECRETS), 'attacker-guess'])
        expect(text).not.toContain(secret);
      expect(text).not.toContain(d.headers[SIGNATURE_HEADER[provider]]);
    });
  });

  it.each([
    ['gh', 'github', 'sha256=zz'],
    ['gt', 'gitea', `sha256=${'a'.repeat(64)}`],
    ['bb', 'bitbucket', 'a'.repeat(64)],
  ] as const)(
    'refuses %s deliveries with a malformed signature %j',
    async (target, provider, signature) => {
      const h = createHarness();
      const d = h.signedFor(target, provider, githubBranchPush(), { signature });
      const res = await h.receive({ target, delivery: d });
      expect([res.status, res.body.reason]).toEqual([
        401,
        `${SIGNATURE_HEADER[provider].toLowerCase()} header malformed`,
      ]);
    },
  );

  it('refuses a ping with a bad signature, so the host shows the secret is wrong', async () => {
    const h = createHarness();
    const d = h.signedFor('gh', 'github', githubExample('ping', 0), {
      event: 'ping',
      secret: 'wrong',
    });
    expect((await h.receive({ target: 'gh', delivery: d })).status).toBe(401);
  });

  it.each([
    [
      'another branch',
      'gh',
      'github',
      'push',
      () => ({ ...githubBranchPush(), ref: 'refs/heads/feature' }),
      'push to refs/heads/feature ignored; this target follows refs/heads/master',
    ],
    [
      'a tag push',
      'gh',
      'github',
      'push',
      () => githubExample('push', 0),
      'tag push (refs/tags/simple-tag) ignored',
    ],
    [
      'a branch deletion',
      'gh',
      'github',
      'push',
      () => ({ ...githubBranchPush(), deleted: true, after: ZERO }),
      'branch master was deleted',
    ],
    [
      'a GitLab tag push',
      'gl',
      'gitlab',
      'Tag Push Hook',
      () => fixture('gitlab-tag-push.json'),
      "repository jsmith/example is not this target's source",
    ],
    [
      'a GitLab branch deletion',
      'gl',
      'gitlab',
      'Push Hook',
      () => ({ ...fixture('gitlab-push.json'), after: ZERO, checkout_sha: null }),
      'branch master was deleted',
    ],
    [
      'a Gitea push to master',
      'gt',
      'gitea',
      'push',
      () => ({ ...fixture('gitea-push.json'), ref: 'refs/heads/master' }),
      'push to refs/heads/master ignored; this target follows refs/heads/develop',
    ],
    [
      'a Bitbucket branch deletion',
      'bbs',
      'bitbucket',
      'repo:refs_changed',
      () => ({
        ...fixture('bitbucket-server-refs-changed.json'),
        changes: [{ refId: 'refs/heads/master', toHash: ZERO, type: 'DELETE' }],
      }),
      'branch master was deleted',
    ],
    [
      'another repository',
      'gh',
      'github',
      'push',
      () => ({ ...githubBranchPush(), repository: { full_name: 'evil/fork' } }),
      "repository evil/fork is not this target's source",
    ],
    [
      'another event',
      'gh',
      'github',
      'issues',
      () => githubExample('issues', 0),
      'event issues is not a push',
    ],
    [
      'a GitLab merge request',
      'gl',
      'gitlab',
      'Merge Request Hook',
      () => ({ object_kind: 'merge_request' }),
      'event Merge Request Hook is not a push',
    ],
  ] as const)('answers 202 ignored to %s', async (_case, target, provider, event, body, reason) => {
    const h = createHarness();
    const d = h.signedFor(target, provider, body(), { event });
    expect(await h.receive({ target, delivery: d })).toEqual({
      status: 202,
      body: { status: 'ignored', reason, deliveryId: d.deliveryId },
    });
    expect(h.dispatched).toEqual([]);
  });

  it('answers 413 to a body over 5 MiB before reading anything else', async () => {
    const h = createHarness();
    const big = { ...githubBranchPush(), padding: 'x'.repeat(5 * 1024 * 1024) };
    const res = await h.receive({ target: 'gh', delivery: h.signedFor('gh', 'github', big) });
    expect(res).toEqual({ status: 413, body: { status: 'refused', reason: 'body too large' } });
    expect(h.secretReads).toEqual([]);
  });

  it.each([
    ['gh', 'github', 'text/plain'],
    ['gl', 'gitlab', 'application/x-www-form-urlencoded'],
    ['gt', 'gitea', ''],
  ] as const)('answers 415 to a %s delivery sent as %j', async (target, provider, contentType) => {
    const h = createHarness();
    const d = h.signedFor(target, provider, githubBranchPush(), { contentType });
    expect((await h.receive({ target, delivery: d })).status).toBe(415);
    expect(h.dispatched).toEqual([]);
  });

  it.each([
    ['an unknown target', '/webhook/staging'],
    ['a target without webhook settings', '/webhook/no-hook'],
    ['another path', '/hooks/gh'],
    ['a bare prefix', '/webhook/'],
  ])('answers %s with the same 404', async (_case, path) => {
    const h = createHarness();
    const res = await h.receive({
      target: 'gh',
      path,
      delivery: h.signedFor('gh', 'github', githubBranchPush()),
    });
    expect(res).toEqual({ status: 404, body: { status: 'refused', reason: 'not found' } });
    expect(JSON.stringify(res)).not.toMatch(/\bgh\b|gitlab|bitbucket/);
  });

  it('answers 405 to a GET', async () => {
    const h = createHarness();
    const res = await h.receive({
      target: 'gh',
      method: 'GET',
      delivery: h.signedFor('gh', 'github', ''),
    });
    expect(res.status).toBe(405);
  });

  it('answers 400 to a signed delivery without an event header', async () => {
    const h = createHarness();
    const d = h.signedFor('gh', 'github', githubBranchPush());
    delete d.headers['X-GitHub-Event'];
    expect(await h.receive({ target: 'gh', delivery: d })).toMatchObject({
      status: 400,
      body: { reason: 'event header missing' },
    });
  });

  it('answers 400 to a signed push whose body is not a push payload', async () => {
    const h = createHarness();
    const d = h.signedFor('gh', 'github', 'not json at all');
    expect(await h.receive({ target: 'gh', delivery: d })).toMatchObject({
      status: 400,
      body: { reason: 'body is not valid JSON' },
    });
  });

  it('answers 500 without detail when no configured secret can be read', async () => {
    const h = createHarness({
      resolveSecret: async () => Promise.reject(new Error('AccessDenied for arn:…')),
    });
    const res = await h.receive({
      target: 'gh',
      delivery: h.signedFor('gh', 'github', githubBranchPush()),
    });
    expect(res.body).toEqual(
      expect.objectContaining({ status: 'error', reason: 'webhook secret unavailable' }),
    );
    expect(res.status).toBe(500);
    expect(JSON.stringify(h.logs)).not.toContain('AccessDenied');
  });
});
