import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSecretCaches } from '../../lib/secrets/index.js';
import { clearSourceCaches } from '../../lib/source/index.js';
import {
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from '../support/secrets-manager.js';
import {
  ADMIN_KEY,
  adcConfig,
  GIT_TOKEN,
  type Stack,
  startStack,
} from '../unit/reconcile/support/stack.js';

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

describe.each(['3.13.0', '3.18.0'])('reconcile against APISIX %s', (version) => {
  let stack: Stack;

  beforeEach(async () => {
    clearSecretCaches();
    clearSourceCaches();
    stack = await startStack({ version, sm });
  });
  afterEach(async () => {
    await stack.close();
  });

  it('converges the gateway to the repository head on a scheduled event', async () => {
    // Prepare
    const sha = stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });

    // Act
    const report = await stack.schedule();

    // Assess
    expect(report).toMatchObject({
      target: 'e2e',
      status: 'success',
      converged: true,
      source: { type: 'git', ref: 'main', sha },
      drift: { create: 6, update: 0, delete: 0, total: 6 },
      writes: 6,
      apisixVersion: version,
    });
    const routes = await stack.live('routes');
    expect(routes.map((r) => r.value.name).sort()).toEqual(['get-user', 'list-orders']);
  });

  it('writes nothing on a second run at the same commit', async () => {
    stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });
    await stack.schedule();
    stack.mark();

    const report = await stack.schedule();

    expect(report).toMatchObject({ status: 'success', converged: true, writes: 0 });
    expect(report.drift.total).toBe(0);
    expect(stack.writes()).toEqual([]);
  });

  it('corrects drift made through the Admin API: a changed route, a deleted service, an extra owned route', async () => {
    // Prepare
    stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });
    await stack.schedule();
    const orders = await stack.idOf('services', 'orders');
    const route = await stack.idOf('routes', 'list-orders');
    const users = await stack.idOf('services', 'users');
    const userRoute = await stack.idOf('routes', 'get-user');
    expect((await stack.admin('PATCH', `routes/${route}`, { uris: ['/hijacked'] })).status).toBe(
      200,
    );
    expect((await stack.admin('DELETE', `routes/${userRoute}`)).status).toBe(200);
    expect((await stack.admin('DELETE', `services/${users}`)).status).toBe(200);
    const extra = {
      name: 'stray',
      uris: ['/stray'],
      service_id: orders,
      labels: { 'managed-by': 'adc' },
    };
    expect((await stack.admin('PUT', 'routes/stray', extra)).status).toBe(201);

    // Act
    const report = await stack.schedule();

    // Assess
    expect(report).toMatchObject({ status: 'success', converged: true });
    // Creates: the service, its route, and its upstream (an upstream no live service owns is
    // not part of the dump, so it is written again).
    expect(report.drift).toMatchObject({ create: 3, update: 1, delete: 1 });
    const routes = await stack.live('routes');
    expect(routes.map((r) => r.value.name).sort()).toEqual(['get-user', 'list-orders']);
    expect(routes.find((r) => r.id === route)?.value.uris).toEqual(['/orders']);
    expect((await stack.live('services')).map((s) => s.value.name).sort()).toEqual([
      'orders',
      'users',
    ]);
  });

  it('applies a new commit on the next scheduled event', async () => {
    stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });
    await stack.schedule();
    const next = stack.repo.commit({ 'adc/gateway.yaml': adcConfig({ extraRoute: true }) });

    const report = await stack.schedule();

    expect(report).toMatchObject({
      source: { sha: next },
      drift: { create: 1, total: 1 },
      writes: 1,
    });
    expect((await stack.live('routes')).map((r) => r.value.name)).toContain('create-order');
  });

  it('applies the branch head, not a superseded webhook commit, so a late delivery never rolls back', async () => {
    // Prepare
    const older = stack.repo.commit({ 'adc/gateway.yaml': adcConfig({ ordersUri: '/v1/orders' }) });
    const head = stack.repo.commit({ 'adc/gateway.yaml': adcConfig({ extraRoute: true }) });

    // Act
    const { reports } = await stack.run({
      target: 'e2e',
      ref: 'refs/heads/main',
      sha: older,
      deliveryId: 'd-1',
      reason: 'webhook',
    });

    // Assess
    expect(reports[0]).toMatchObject({ status: 'success', reason: 'webhook', deliveryId: 'd-1' });
    expect(reports[0]?.source.sha).toBe(head);
    expect(reports[0]?.superseded).toBe(older);
    const routes = await stack.live('routes');
    expect(routes.map((r) => r.value.name)).toContain('create-order');
    expect(routes.find((r) => r.value.name === 'list-orders')?.value.uris).not.toEqual([
      '/v1/orders',
    ]);
  });

  it("reads the target's own ref when a push names another branch (webhook.branch is only a hint)", async () => {
    // Prepare: the branch the push names does not even exist in the repository.
    const head = stack.repo.commit({ 'adc/gateway.yaml': adcConfig({ extraRoute: true }) });

    // Act
    const { reports } = await stack.run({
      target: 'e2e',
      ref: 'refs/heads/feature-x',
      sha: head,
      reason: 'webhook',
    });

    // Assess
    expect(reports[0]).toMatchObject({ status: 'success', source: { ref: 'main', sha: head } });
    expect((await stack.live('routes')).map((r) => r.value.name)).toContain('create-order');
  });

  it('applies exactly the commit a pinned event names, even when the branch moved on', async () => {
    // Prepare
    const older = stack.repo.commit({ 'adc/gateway.yaml': adcConfig({ ordersUri: '/v1/orders' }) });
    stack.repo.commit({ 'adc/gateway.yaml': adcConfig({ extraRoute: true }) });

    // Act
    const { reports } = await stack.run({
      target: 'e2e',
      ref: 'refs/heads/main',
      sha: older,
      reason: 'manual',
      pin: true,
    });

    // Assess
    expect(reports[0]).toMatchObject({ status: 'success', reason: 'manual' });
    expect(reports[0]?.source.sha).toBe(older);
    expect(reports[0]?.superseded).toBeUndefined();
    const routes = await stack.live('routes');
    expect(routes.map((r) => r.value.name).sort()).toEqual(['get-user', 'list-orders']);
    expect(routes.find((r) => r.value.name === 'list-orders')?.value.uris).toEqual(['/v1/orders']);
  });

  it('writes nothing in dryRun yet reports the drift and the plan', async () => {
    // Prepare
    stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });
    stack.mark();

    // Act
    const report = await stack.schedule([stack.target({ dryRun: true })]);

    // Assess
    expect(stack.writes()).toEqual([]);
    expect(report).toMatchObject({ status: 'success', converged: false, dryRun: true, writes: 0 });
    expect(report.drift.create).toBe(6);
    expect(report.plan?.length).toBeGreaterThan(0);
    expect(stack.emf.at(-1)).toMatchObject({
      target: 'e2e',
      DriftDetected: 6,
      ResourcesWritten: 0,
    });
  });

  it('keeps the admin key and the git token out of reports, logs and metrics', async () => {
    stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });

    const result = await stack.run({ target: 'e2e', reason: 'manual' });

    const everything = JSON.stringify([result, stack.logs, stack.emf]);
    expect(result.reports[0]?.status).toBe('success');
    expect(everything).not.toContain(ADMIN_KEY);
    expect(everything).not.toContain(GIT_TOKEN);
  });
});
