import { readFileSync } from 'node:fs';
import type { ScheduledEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearCaches, handler } from '../../functions/reconcile/handler.js';
import { ConfigError } from '../../lib/errors.js';
import { clearSecretCaches } from '../../lib/secrets/index.js';
import { clearSourceCaches } from '../../lib/source/index.js';
import { ReconcileEventError, ReconcileRetryError } from '../../lib/sync/reconcile.js';
import { createContext } from '../helpers/context.js';
import {
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from '../support/secrets-manager.js';
import {
  ADMIN_KEY,
  ADMIN_SECRET,
  adcConfig,
  type Stack,
  startStack,
} from '../unit/reconcile/support/stack.js';

const ROTATED_KEY = '4054f7cf07e344346cd3f287985e76a2';
const scheduled = JSON.parse(
  readFileSync(
    new URL('../fixtures/events/eventbridge-scheduler-input.json', import.meta.url),
    'utf8',
  ),
) as ScheduledEvent;

let sm: SecretsManagerStandIn;
const saved = {
  endpoint: process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
  targets: process.env.APISYNC_TARGETS,
};

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

beforeAll(async () => {
  sm = await startSecretsManagerStandIn();
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.endpoint;
});
afterAll(async () => {
  restore('AWS_ENDPOINT_URL_SECRETS_MANAGER', saved.endpoint);
  restore('APISYNC_TARGETS', saved.targets);
  clearSecretCaches();
  await sm.close();
});

let stack: Stack;
beforeEach(async () => {
  clearSecretCaches();
  clearSourceCaches();
  stack = await startStack({ version: '3.18.0', sm });
});
afterEach(async () => {
  clearCaches();
  vi.restoreAllMocks();
  await stack.close();
});

describe('reconcile admin key rotation', () => {
  it('refetches a key rotated in Secrets Manager and on the gateway after one 401', async () => {
    // Prepare: a first run caches the old key
    stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });
    expect((await stack.schedule()).status).toBe('success');
    const fetchesBefore = sm.count('GetSecretValue', ADMIN_SECRET);
    sm.putSecret(ADMIN_SECRET, JSON.stringify({ key: ROTATED_KEY }));
    await stack.rotateApisixKey(ROTATED_KEY);

    // Act
    const report = await stack.schedule();

    // Assess
    expect(report).toMatchObject({ status: 'success', converged: true, writes: 6 });
    // One rejected attempt: only the dump's list reads (in flight together) answered 401;
    // every write went out with the refetched key.
    const rejected = stack.apisix.requests.filter((r) => r.status === 401);
    const writes = stack.apisix.requests.filter((r) => r.method !== 'GET');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((r) => r.method === 'GET' && r.path.includes('page_size'))).toBe(true);
    expect(writes.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(sm.count('GetSecretValue', ADMIN_SECRET) - fetchesBefore).toBe(1);
  });

  it('fails clearly, writing nothing, when the gateway still rejects the refetched key', async () => {
    stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });
    await stack.rotateApisixKey(ROTATED_KEY);

    const report = await stack.schedule();

    expect(report).toMatchObject({
      status: 'failed',
      error: { stage: 'gateway', retryable: false },
    });
    expect(report.error?.message).toMatch(/still answered 401 after the secret was refetched/);
    expect(stack.writes()).toEqual([]);
    expect(JSON.stringify(report)).not.toContain(ADMIN_KEY);
  });
});

describe('reconcile handler', () => {
  function emfLines(write: ReturnType<typeof vi.spyOn>): Record<string, unknown>[] {
    return write.mock.calls
      .map((call: unknown[]) => String(call[0]))
      .filter((line: string) => line.startsWith('{"_aws"'))
      .map((line: string) => JSON.parse(line) as Record<string, unknown>);
  }

  it('reconciles every target on a scheduled event and writes EMF metrics per target', async () => {
    // Prepare
    const sha = stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });
    process.env.APISYNC_TARGETS = JSON.stringify([stack.target()]);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    // Act
    const { reports } = await handler(scheduled, createContext({ functionName: 'reconcile' }));

    // Assess
    expect(reports).toEqual([
      expect.objectContaining({
        target: 'e2e',
        status: 'success',
        source: expect.objectContaining({ sha }),
      }),
    ]);
    expect(emfLines(write)).toEqual([
      expect.objectContaining({
        target: 'e2e',
        DriftDetected: 6,
        ResourcesWritten: 6,
        SyncFailed: 0,
        PruneRefused: 0,
      }),
    ]);
  });

  it('throws for Lambda to retry when every target failed with a retryable error', async () => {
    stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });
    process.env.APISYNC_TARGETS = JSON.stringify([stack.target()]);
    await stack.git.close();
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    await expect(handler(scheduled, createContext())).rejects.toThrow(ReconcileRetryError);
  });

  it('throws for Lambda to retry when the only gateway is unreachable', async () => {
    stack.repo.commit({ 'adc/gateway.yaml': adcConfig() });
    process.env.APISYNC_TARGETS = JSON.stringify([stack.target()]);
    await stack.apisix.close();
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    const err = await handler(scheduled, createContext()).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ReconcileRetryError);
    expect((err as ReconcileRetryError).reports[0]?.error).toMatchObject({
      stage: 'gateway',
      retryable: true,
    });
  });

  it('returns a failed report without throwing when the failure needs a human', async () => {
    stack.repo.commit({ 'adc/gateway.yaml': 'services: 5\n' });
    process.env.APISYNC_TARGETS = JSON.stringify([stack.target()]);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    const { reports } = await handler(scheduled, createContext());

    expect(reports[0]).toMatchObject({ status: 'failed', error: { stage: 'lint' } });
  });

  it('fails loudly with every issue when APISYNC_TARGETS is invalid', async () => {
    process.env.APISYNC_TARGETS = JSON.stringify([{ name: 'Bad Name', servers: [] }]);

    const err = await handler(scheduled, createContext()).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects an event it does not recognise', async () => {
    process.env.APISYNC_TARGETS = JSON.stringify([stack.target()]);

    await expect(handler({ target: '' }, createContext())).rejects.toThrow(ReconcileEventError);
  });
});
