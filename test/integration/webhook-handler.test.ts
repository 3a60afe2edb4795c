import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearCaches, handler } from '../../functions/git-webhook/handler.js';
import { clearSecretCaches } from '../../lib/secrets/index.js';
import {
  type Delivery,
  delivery,
  fixture,
  githubBranchPush,
  type Provider,
} from '../fixtures/webhook/deliveries.js';
import { functionUrlEvent, httpApiEvent, restApiEvent } from '../fixtures/webhook/events.js';
import { createContext } from '../helpers/context.js';
import { type LambdaApi, startLambdaApi } from '../support/lambda-api.js';

const RECONCILE = 'apisync-reconcile';

const SECRET_ENV: Record<string, string> = {
  WH_GITHUB: 'gh-7c1f0e2a-current',
  WH_GITHUB_OLD: 'gh-0d9e8b7a-previous',
  WH_GITLAB: 'gl-5a4b3c2d-token',
  WH_GITEA: 'gt-1e2f3a4b-secret',
  WH_BITBUCKET: 'bb-9f8e7d6c-secret',
};

const TARGETS = [
  {
    name: 'gh',
    servers: ['http://127.0.0.1:9180'],
    source: { type: 'github', url: 'https://github.com/Codertocat/Hello-World', ref: 'master' },
    webhook: { provider: 'github', secrets: ['env:WH_GITHUB', 'env:WH_GITHUB_OLD'] },
  },
  {
    name: 'gl',
    servers: ['http://127.0.0.1:9180'],
    source: { type: 'gitlab', url: 'http://example.com/mike/diaspora', ref: 'master' },
    webhook: { provider: 'gitlab', secrets: ['env:WH_GITLAB'] },
  },
  {
    name: 'gt',
    servers: ['http://127.0.0.1:9180'],
    source: { type: 'git', url: 'http://localhost:3000/gitea/webhooks.git', ref: 'develop' },
    webhook: { provider: 'gitea', secrets: ['env:WH_GITEA'] },
  },
  {
    name: 'bb',
    servers: ['http://127.0.0.1:9180'],
    source: { type: 'git', url: 'https://bitbucket.org/acme/gateway-config.git', ref: 'main' },
    webhook: { provider: 'bitbucket', secrets: ['env:WH_BITBUCKET'] },
  },
];

/** Target, provider, event, body, secret, expected ref and sha of one genuine push each. */
const GENUINE: [string, Provider, string, () => unknown, string, string, string][] = [
  [
    'gh',
    'github',
    'push',
    githubBranchPush,
    'WH_GITHUB',
    'refs/heads/master',
    '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
  ],
  [
    'gl',
    'gitlab',
    'Push Hook',
    () => fixture('gitlab-push.json'),
    'WH_GITLAB',
    'refs/heads/master',
    'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
  ],
  [
    'gt',
    'gitea',
    'push',
    () => fixture('gitea-push.json'),
    'WH_GITEA',
    'refs/heads/develop',
    'bffeb74224043ba2feb48d137756c8a9331c449a',
  ],
  [
    'bb',
    'bitbucket',
    'repo:push',
    () => fixture('bitbucket-cloud-push.json'),
    'WH_BITBUCKET',
    'refs/heads/main',
    '709d658dc5b6d6afcd46049c2f332ee3f515a67d',
  ],
];

const saved: Record<string, string | undefined> = {};
let lambda: LambdaApi;

function setEnv(name: string, value: string | undefined): void {
  if (!(name in saved)) saved[name] = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function githubPush(secret = SECRET_ENV.WH_GITHUB ?? ''): Delivery {
  return delivery('github', { body: githubBranchPush(), secret });
}

async function post(target: string, d: Delivery) {
  const res = await handler(
    httpApiEvent(`/webhook/${target}`, d),
    createContext({ functionName: 'git-webhook' }),
  );
  return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') };
}

beforeAll(async () => {
  lambda = await startLambdaApi({ functions: [RECONCILE] });
  setEnv('AWS_ENDPOINT_URL_LAMBDA', lambda.url);
  for (const [name, value] of Object.entries(SECRET_ENV)) setEnv(name, value);
});

beforeEach(() => {
  setEnv('APISYNC_TARGETS', JSON.stringify(TARGETS));
  setEnv('APISYNC_RECONCILE_FUNCTION', RECONCILE);
  lambda.invocations.length = 0;
});

afterEach(() => {
  clearCaches();
  clearSecretCaches();
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) setEnv(name, value);
  await lambda.close();
});

describe('git-webhook handler', () => {
  it.each(GENUINE)(
    'invokes reconcile asynchronously once for a genuine %s push (%s)',
    async (target, provider, event, body, secretEnv, ref, sha) => {
      // Prepare
      const d = delivery(provider, { body: body(), event, secret: SECRET_ENV[secretEnv] ?? '' });
      // Act
      const res = await post(target, d);
      // Assess
      expect(res).toEqual({
        status: 202,
        body: { status: 'accepted', deliveryId: d.deliveryId, target, ref, sha },
      });
      expect(lambda.invocations).toEqual([
        {
          functionName: RECONCILE,
          invocationType: 'Event',
          payload: { target, ref, sha, deliveryId: d.deliveryId, reason: 'webhook' },
          rawPayload: expect.any(String),
        },
      ]);
    },
  );

  it.each([
    ['a wrong secret', () => githubPush('not-the-secret'), 401],
    [
      'no signature',
      () => delivery('github', { body: githubBranchPush(), secret: 'x', signature: null }),
      401,
    ],
    [
      'a malformed signature',
      () => delivery('github', { body: githubBranchPush(), secret: 'x', signature: 'sha256=xyz' }),
      401,
    ],
    [
      'a tampered body',
      () => ({
        ...githubPush(),
        rawBody: Buffer.from(JSON.stringify({ ...githubBranchPush(), after: 'f'.repeat(40) })),
      }),
      401,
    ],
    [
      'an oversized body',
      () =>
        delivery('github', {
          body: { pad: 'x'.repeat(5 * 1024 * 1024) },
          secret: SECRET_ENV.WH_GITHUB ?? '',
        }),
      413,
    ],
  ])('invokes nothing for a delivery with %s', async (_case, make, status) => {
    const requestsBefore = lambda.requests;
    const res = await post('gh', make());
    expect(res.status).toBe(status);
    // Not even a failed invoke reached the Lambda API.
    expect(lambda.requests).toBe(requestsBefore);
    expect(lambda.invocations).toEqual([]);
  });

  it('retries a throttled invoke once through the SDK and hands off exactly once', async () => {
    lambda.fail = { count: 1, status: 429, type: 'TooManyRequestsException' };
    const res = await post('gh', githubPush());
    expect(res.status).toBe(202);
    expect(lambda.invocations).toHaveLength(1);
  });

  it('answers 502 when the Lambda API keeps failing, leaving the delivery redeliverable', async () => {
    lambda.fail = { count: 2, status: 500, type: 'ServiceException' };
    const d = githubPush();
    expect((await post('gh', d)).status).toBe(502);
    expect(lambda.invocations).toEqual([]);
    expect((await post('gh', d)).status).toBe(202);
    expect(lambda.invocations).toHaveLength(1);
  });

  it('invokes once for a delivery and answers its replay 200 duplicate', async () => {
    const d = githubPush();
    const first = await post('gh', d);
    const replay = await post('gh', d);
    expect([first.status, replay.status, replay.body.status]).toEqual([202, 200, 'duplicate']);
    expect(lambda.invocations).toHaveLength(1);
  });

  it('accepts a push signed with the previous secret while both are configured', async () => {
    const res = await post('gh', githubPush(SECRET_ENV.WH_GITHUB_OLD));
    expect(res.status).toBe(202);
    expect(lambda.invocations).toHaveLength(1);
  });

  it('accepts a form-encoded GitHub delivery that API Gateway base64-encoded', async () => {
    const form = new URLSearchParams({ payload: JSON.stringify(githubBranchPush()) }).toString();
    const d = delivery('github', {
      body: form,
      secret: SECRET_ENV.WH_GITHUB ?? '',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect((await post('gh', d)).status).toBe(202);
    expect(lambda.invocations).toHaveLength(1);
  });

  it.each([
    ['a REST API (1.0) event', (d: Delivery) => restApiEvent('/webhook/gh', d)],
    ['a Function URL event', (d: Delivery) => functionUrlEvent('/webhook/gh', d)],
    [
      'an HTTP API event on a named stage',
      (d: Delivery) => httpApiEvent('/live/webhook/gh', d, { stage: 'live' }),
    ],
  ])('handles %s', async (_case, toEvent) => {
    const res = await handler(toEvent(githubPush()), createContext());
    expect(res.statusCode).toBe(202);
    expect(lambda.invocations).toHaveLength(1);
  });

  it('answers 502 when reconcile does not exist, then accepts the redelivery once it does', async () => {
    // Prepare
    setEnv('APISYNC_RECONCILE_FUNCTION', 'apisync-reconcile-typo');
    const d = githubPush();
    // Act
    const failed = await post('gh', d);
    setEnv('APISYNC_RECONCILE_FUNCTION', RECONCILE);
    const redelivered = await post('gh', d);
    // Assess
    expect([failed.status, failed.body.reason]).toEqual([502, 'reconcile hand-off failed']);
    expect(redelivered.status).toBe(202);
    expect(lambda.invocations.map((i) => i.functionName)).toEqual([RECONCILE]);
  });

  it('answers 404 to an unknown target without naming the configured ones', async () => {
    const res = await handler(httpApiEvent('/webhook/nope', githubPush()), createContext());
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe('{"status":"refused","reason":"not found"}');
  });

  it('logs under the service name the deployment sets in POWERTOOLS_SERVICE_NAME', async () => {
    // Prepare: logs go to stdout as JSON lines; capture them for this one request.
    setEnv('POWERTOOLS_SERVICE_NAME', 'apisync-prod');
    setEnv('APISYNC_LOG_LEVEL', 'info');
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    // Act
    try {
      await post('gh', githubPush());
    } finally {
      spy.mockRestore();
      setEnv('APISYNC_LOG_LEVEL', saved.APISYNC_LOG_LEVEL);
      setEnv('POWERTOOLS_SERVICE_NAME', saved.POWERTOOLS_SERVICE_NAME);
    }
    // Assess
    const services = lines.map((line) => (JSON.parse(line) as { service?: string }).service);
    expect(services.length).toBeGreaterThan(0);
    expect(new Set(services)).toEqual(new Set(['apisync-prod']));
  });

  it('answers a bare 500 when APISYNC_TARGETS is invalid', async () => {
    setEnv('APISYNC_TARGETS', '[{"name":"gh"}]');
    const res = await post('gh', githubPush());
    expect(res).toEqual({ status: 500, body: { status: 'error', reason: 'internal error' } });
    expect(lambda.invocations).toEqual([]);
  });
});
