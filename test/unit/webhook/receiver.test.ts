import { describe, expect, it } from 'vitest';
import {
  fixture,
  githubBranchPush,
  githubExample,
  type Provider,
} from '../../fixtures/webhook/deliveries.js';
import { createHarness, SECRETS } from './receiver-harness.js';

/** One genuine push per provider: target, provider, event, body, expected ref and sha. */
const GENUINE: [string, Provider, string, () => unknown, string, string][] = [
  [
    'gh',
    'github',
    'push',
    githubBranchPush,
    'refs/heads/master',
    '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
  ],
  [
    'gl',
    'gitlab',
    'Push Hook',
    () => fixture('gitlab-push.json'),
    'refs/heads/master',
    'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
  ],
  [
    'gt',
    'gitea',
    'push',
    () => fixture('gitea-push.json'),
    'refs/heads/develop',
    'bffeb74224043ba2feb48d137756c8a9331c449a',
  ],
  [
    'bb',
    'bitbucket',
    'repo:push',
    () => fixture('bitbucket-cloud-push.json'),
    'refs/heads/main',
    '709d658dc5b6d6afcd46049c2f332ee3f515a67d',
  ],
  [
    'bbs',
    'bitbucket',
    'repo:refs_changed',
    () => fixture('bitbucket-server-refs-changed.json'),
    'refs/heads/master',
    '178864a7d521b6f5e720b386b2c2b0ef8563e0dc',
  ],
];

describe('createWebhookReceiver', () => {
  it.each(GENUINE)(
    'hands a genuine push to %s (%s %s) off exactly once',
    async (target, provider, event, body, ref, sha) => {
      // Prepare
      const h = createHarness();
      const d = h.signedFor(target, provider, body(), { event });
      // Act
      const res = await h.receive({ target, delivery: d });
      // Assess
      expect(res).toEqual({
        status: 202,
        body: { status: 'accepted', deliveryId: d.deliveryId, target, ref, sha },
      });
      expect(h.dispatched).toEqual([
        { target, ref, sha, deliveryId: d.deliveryId, reason: 'webhook' },
      ]);
    },
  );

  it.each(GENUINE)(
    'answers a replay of a %s delivery 200 duplicate without a second hand-off',
    async (target, provider, event, body) => {
      const h = createHarness();
      const d = h.signedFor(target, provider, body(), { event });
      await h.receive({ target, delivery: d });
      const replay = await h.receive({ target, delivery: d });
      expect(replay).toEqual({
        status: 200,
        body: {
          status: 'duplicate',
          reason: 'delivery already handed off',
          deliveryId: d.deliveryId,
        },
      });
      expect(h.dispatched).toHaveLength(1);
    },
  );

  it('treats a captured body replayed under a new delivery id as a duplicate', async () => {
    const h = createHarness();
    const body = JSON.stringify(githubBranchPush());
    const first = h.signedFor('gh', 'github', body);
    const replay = h.signedFor('gh', 'github', body); // same signed bytes, fresh X-GitHub-Delivery
    await h.receive({ target: 'gh', delivery: first });
    expect((await h.receive({ target: 'gh', delivery: replay })).body.status).toBe('duplicate');
    expect(h.dispatched).toHaveLength(1);
  });

  it('hands off once when two copies of a delivery arrive at the same time', async () => {
    const h = createHarness();
    const d = h.signedFor('gh', 'github', githubBranchPush());
    const results = await Promise.all([
      h.receive({ target: 'gh', delivery: d }),
      h.receive({ target: 'gh', delivery: d }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 202]);
    expect(h.dispatched).toHaveLength(1);
  });

  it('answers 502 when the hand-off fails and accepts the redelivery afterwards', async () => {
    // Prepare: the first dispatch throws, the second succeeds
    let calls = 0;
    const h = createHarness({
      dispatch: async () => {
        calls += 1;
        if (calls === 1) throw new Error('Lambda unavailable');
      },
    });
    const d = h.signedFor('gh', 'github', githubBranchPush());
    // Act
    const failed = await h.receive({ target: 'gh', delivery: d });
    const redelivered = await h.receive({ target: 'gh', delivery: d });
    // Assess
    expect(failed).toEqual({
      status: 502,
      body: { status: 'error', reason: 'reconcile hand-off failed', deliveryId: d.deliveryId },
    });
    expect(redelivered.status).toBe(202);
    expect(calls).toBe(2);
  });

  it('accepts a form-encoded GitHub delivery, verifying the form bytes', async () => {
    const h = createHarness();
    const form = new URLSearchParams({ payload: JSON.stringify(githubBranchPush()) }).toString();
    const d = h.signedFor('gh', 'github', form, {
      contentType: 'application/x-www-form-urlencoded',
    });
    const res = await h.receive({ target: 'gh', delivery: d });
    expect(res.status).toBe(202);
    expect(h.dispatched.map((r) => r.sha)).toEqual(['6113728f27ae82c7b1a177c8d03f9e96e0adf246']);
  });

  it('accepts a delivery signed with the second secret during rotation and logs which one', async () => {
    const h = createHarness();
    const d = h.signedFor('gh', 'github', githubBranchPush(), {
      secret: SECRETS['env:GH_HOOK_OLD'] ?? '',
    });
    expect((await h.receive({ target: 'gh', delivery: d })).status).toBe(202);
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        message: 'webhook verified with a non-primary secret',
        rotationIndex: 1,
      }),
    );
  });

  it('re-reads rotated secrets once, bypassing the cache, before refusing', async () => {
    // Prepare: the resolver's cache still holds the old token; only a forced read sees the new one
    const reads: boolean[] = [];
    const h = createHarness({
      resolveSecret: async (_ref, opts) => {
        reads.push(opts?.forceRefresh === true);
        return opts?.forceRefresh ? 'rotated-token' : 'stale-token';
      },
    });
    const d = h.signedFor('gl', 'gitlab', fixture('gitlab-push.json'), { secret: 'rotated-token' });
    // Act
    const res = await h.receive({ target: 'gl', delivery: d });
    // Assess
    expect(res.status).toBe(202);
    expect(reads).toEqual([false, true]);
  });

  it('forces at most one secret refresh per interval however many forgeries arrive', async () => {
    const h = createHarness({ now: () => 5_000, secretRefreshIntervalMs: 60_000 });
    for (let i = 0; i < 5; i += 1) {
      const d = h.signedFor('gt', 'gitea', fixture('gitea-push.json'), { secret: `forged-${i}` });
      expect((await h.receive({ target: 'gt', delivery: d })).status).toBe(401);
    }
    expect(h.secretReads.filter((r) => r.forceRefresh)).toHaveLength(1);
  });

  it.each([
    ['github', 'gh', 'ping', () => githubExample('ping', 0)],
    ['bitbucket', 'bbs', 'diagnostics:ping', () => fixture('bitbucket-server-ping.json')],
  ] as const)(
    'answers a signed %s ping 200 without a hand-off',
    async (provider, target, event, body) => {
      const h = createHarness();
      const d = h.signedFor(target, provider, body(), { event });
      expect(await h.receive({ target, delivery: d })).toEqual({
        status: 200,
        body: { status: 'pong', deliveryId: d.deliveryId },
      });
      expect(h.dispatched).toEqual([]);
    },
  );

  it('derives a delivery id from the body when the host sends none, so replays still dedupe', async () => {
    const h = createHarness();
    const d = h.signedFor('gh', 'github', githubBranchPush());
    delete d.headers['X-GitHub-Delivery'];
    const first = await h.receive({ target: 'gh', delivery: d });
    const again = await h.receive({ target: 'gh', delivery: d });
    expect(first.body.deliveryId).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(h.dispatched).toHaveLength(1);
  });

  it('reads headers in any case and the target under a stage prefix', async () => {
    const h = createHarness();
    const d = h.signedFor('gh', 'github', githubBranchPush());
    const upper = Object.fromEntries(
      Object.entries(d.headers).map(([k, v]) => [k.toUpperCase(), v]),
    );
    const res = await h.receive({ target: 'gh', delivery: { ...d, headers: upper } });
    expect(res.status).toBe(202);
  });
});
