import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSecretCaches } from '../../lib/secrets/index.js';
import { clearSourceCaches } from '../../lib/source/index.js';
import { shouldRetry } from '../../lib/sync/reconcile.js';
import {
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from '../support/secrets-manager.js';
import { adcConfig, type Stack, startStack } from '../unit/reconcile/support/stack.js';

let sm: SecretsManagerStandIn;
const savedEndpoint = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;

beforeAll(async () => {
  sm = await startSecretsManagerStandIn();
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.endpoint;
});
afterAll(async () => {
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = savedEndpoint;
  clearSecretCaches();
  await sm.close();
});

describe.each(['3.13.0', '3.18.0'])('reconcile guards against APISIX %s', (version) => {
  let stack: Stack;

  /** Converges to the base config, then adds owned and unowned strays through the Admin API. */
  async function convergedWithStrays(owned: number, unowned = 0): Promise<void> {
    stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });
    expect((await stack.schedule()).converged).toBe(true);
    const orders = await stack.idOf('services', 'orders');
    const put = async (id: string, labels?: Record<string, string>) => {
      const body = {
        name: id,
        uris: [`/${id}`],
        service_id: orders,
        ...(labels ? { labels } : {}),
      };
      expect((await stack.admin('PUT', `routes/${id}`, body)).status).toBe(201);
    };
    for (let i = 0; i < owned; i++) await put(`owned-${i}`, { 'managed-by': 'adc' });
    for (let i = 0; i < unowned; i++) await put(`by-hand-${i}`);
    stack.mark();
  }

  async function routeNames(): Promise<string[]> {
    return (await stack.live('routes')).map((r) => String(r.value.name)).sort();
  }

  beforeEach(async () => {
    clearSecretCaches();
    clearSourceCaches();
    stack = await startStack({ version, sm });
  });
  afterEach(async () => {
    await stack.close();
  });

  it('prunes owned strays and refuses nothing when no guard applies', async () => {
    await convergedWithStrays(2);

    const report = await stack.schedule();

    expect(report).toMatchObject({ status: 'success', converged: true, refused: { count: 0 } });
    expect(report.drift.delete).toBe(2);
    expect(await routeNames()).toEqual(['get-user', 'list-orders']);
    expect(stack.emf.at(-1)).toMatchObject({ PruneRefused: 0, SyncFailed: 0 });
  });

  it('refuses every delete when the desired set is empty, even with force', async () => {
    // Prepare: the repository's configuration is emptied
    await convergedWithStrays(0);
    stack.repo.commit({ 'adc/gateway.yaml': null, 'adc/README.yaml': '# nothing here\n' });

    // Act
    const { reports } = await stack.run({ target: 'e2e', reason: 'manual', force: true });

    // Assess
    const report = reports[0];
    expect(stack.writes()).toEqual([]);
    expect(report?.refused.count).toBe(6);
    expect(report?.refused.reason).toMatch(/desired configuration is empty/);
    expect(report?.converged).toBe(false);
    expect(stack.emf.at(-1)).toMatchObject({ target: 'e2e', PruneRefused: 6 });
  });

  it('writes nothing when the source cannot be read, and asks for a retry', async () => {
    // Prepare
    await convergedWithStrays(1);
    await stack.git.close();

    // Act
    const { reports } = await stack.run({ target: 'e2e', reason: 'manual' });

    // Assess
    expect(stack.requests()).toBe(0);
    expect(reports[0]).toMatchObject({
      status: 'failed',
      error: { stage: 'source', retryable: true },
      source: { type: 'git', ref: 'main' },
    });
    expect(reports[0]?.error?.message).toMatch(/nothing was written/);
    expect(shouldRetry(reports)).toBe(true);
    expect(stack.emf.at(-1)).toMatchObject({ SyncFailed: 1 });
    expect(await routeNames()).toContain('owned-0');
  });

  it('writes nothing when the configuration does not lint, and lists the issues', async () => {
    await convergedWithStrays(1);
    const broken = adcConfig({ ordersUri: '/orders' }).replace('methods: [GET]', 'methods: GET');
    const sha = stack.repo.commit({ 'adc/gateway.yaml': broken });

    const { reports } = await stack.run({ target: 'e2e', reason: 'manual' });

    expect(stack.requests()).toBe(0);
    expect(reports[0]).toMatchObject({
      status: 'failed',
      source: { sha },
      error: { stage: 'lint', retryable: false },
    });
    expect(reports[0]?.error?.issues?.[0]?.path).toMatch(/methods/);
    expect(shouldRetry(reports)).toBe(false);
  });

  it('refuses deletes over maxDeletes while creates and updates still apply', async () => {
    // Prepare: 2 owned strays to delete, a new route to create, a changed route to update
    await convergedWithStrays(2);
    stack.repo.commit({
      'adc/gateway.yaml': adcConfig({ extraRoute: true, ordersUri: '/v2/orders' }),
    });

    // Act
    const report = await stack.schedule([stack.target({ maxDeletes: 1 })]);

    // Assess
    expect(report.refused).toMatchObject({
      count: 2,
      reason: expect.stringMatching(/exceed the limit of 1 \(send .*"force": true/),
    });
    expect(report).toMatchObject({ writes: 2, drift: { create: 1, update: 1, delete: 2 } });
    expect(await routeNames()).toEqual([
      'create-order',
      'get-user',
      'list-orders',
      'owned-0',
      'owned-1',
    ]);
    expect(stack.writes().some((w) => w.startsWith('DELETE'))).toBe(false);
  });

  it('applies deletes over maxDeletes when the event says force', async () => {
    await convergedWithStrays(2);

    const { reports } = await stack.run({ target: 'e2e', force: true }, [
      stack.target({ maxDeletes: 1 }),
    ]);

    expect(reports[0]).toMatchObject({ converged: true, refused: { count: 0 }, writes: 2 });
    expect(await routeNames()).toEqual(['get-user', 'list-orders']);
  });

  it('refuses deletes over the default limit of max(20, 10 % of live)', async () => {
    await convergedWithStrays(21);

    const report = await stack.schedule();

    expect(report.refused).toMatchObject({
      count: 21,
      reason: expect.stringMatching(/limit of 20/),
    });
    expect(stack.writes()).toEqual([]);
  });

  it('deletes nothing with prune "none"', async () => {
    await convergedWithStrays(1);

    const report = await stack.schedule([stack.target({ prune: 'none' })]);

    expect(report).toMatchObject({ drift: { delete: 0 }, refused: { count: 0 }, writes: 0 });
    expect(await routeNames()).toContain('owned-0');
  });

  it.each([
    ['owned', ['by-hand-0', 'get-user', 'list-orders']],
    ['all', ['get-user', 'list-orders']],
  ])('with prune "%s" leaves %j', async (prune, remaining) => {
    await convergedWithStrays(1, 1);

    const report = await stack.schedule([stack.target({ prune })]);

    expect(report.status).toBe('success');
    expect(await routeNames()).toEqual(remaining);
  });

  it('reports an unknown target as an error without touching any gateway', async () => {
    const { reports } = await stack.run({ target: 'nope', reason: 'webhook' });

    expect(reports).toEqual([
      expect.objectContaining({
        target: 'nope',
        status: 'failed',
        error: expect.objectContaining({
          stage: 'target',
          message: expect.stringMatching(/unknown target "nope".*e2e/),
        }),
      }),
    ]);
    expect(stack.requests()).toBe(0);
    expect(shouldRetry(reports)).toBe(false);
  });
});
