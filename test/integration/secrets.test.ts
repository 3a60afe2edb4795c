import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdminApiError } from '../../lib/errors.js';
import {
  clearSecretCaches,
  createSecretResolver,
  getSecretResolver,
  SecretError,
  withFreshSecret,
} from '../../lib/secrets/index.js';
import {
  FAULTS,
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from '../support/secrets-manager.js';

const ADMIN_KEY = 'edd1c9f034335f136f87ad84b625c8f1';
const ROTATED_KEY = '4054f7cf07e344346cd3f287985e76a2';

let sm: SecretsManagerStandIn;

beforeAll(async () => {
  sm = await startSecretsManagerStandIn();
});
afterAll(async () => {
  await sm.close();
});

function unauthorized(): AdminApiError {
  return new AdminApiError({
    method: 'GET',
    url: 'http://127.0.0.1:9180/apisix/admin/routes',
    status: 401,
    errorMsg: 'failed to check token',
  });
}

/** Everything an error could leak through: message, string form, JSON form, cause chain. */
function errorText(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur instanceof Error && depth < 5; depth += 1) {
    parts.push(cur.message, String(cur), JSON.stringify(cur));
    cur = cur.cause;
  }
  return parts.join('\n');
}

async function caught(promise: Promise<unknown>): Promise<SecretError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SecretError);
  return err as SecretError;
}

describe('secret resolver against the Secrets Manager stand-in', () => {
  let name: string;
  let seq = 0;
  beforeEach(() => {
    seq += 1;
    name = `apisix/admin-${seq}`;
  });

  it('fetches once for two resolves within the TTL', async () => {
    // Prepare
    sm.putSecret(name, ADMIN_KEY);
    const resolver = createSecretResolver({ client: sm.client() });

    // Act
    const first = await resolver.resolve(name);
    const second = await resolver.resolve(name);

    // Assess
    expect([first, second]).toEqual([ADMIN_KEY, ADMIN_KEY]);
    expect(sm.count('GetSecretValue', name)).toBe(1);
  });

  it('shares one request between concurrent resolves and between fields of one secret', async () => {
    sm.putSecret(name, JSON.stringify({ user: 'admin', key: ADMIN_KEY }));
    const resolver = createSecretResolver({ client: sm.client() });

    const values = await Promise.all([
      resolver.resolve(`${name}#key`),
      resolver.resolve(`${name}#user`),
      resolver.resolve(`${name}#key`),
    ]);

    expect(values).toEqual([ADMIN_KEY, 'admin', ADMIN_KEY]);
    expect(sm.count('GetSecretValue', name)).toBe(1);
  });

  it('refetches when the TTL has expired and not before', async () => {
    // Prepare
    let clock = 1_000_000;
    sm.putSecret(name, ADMIN_KEY);
    const resolver = createSecretResolver({ client: sm.client(), ttlMs: 60_000, now: () => clock });
    await resolver.resolve(name);
    sm.putSecret(name, ROTATED_KEY);

    // Act
    clock += 59_999;
    const beforeExpiry = await resolver.resolve(name);
    clock += 1;
    const afterExpiry = await resolver.resolve(name);

    // Assess
    expect(beforeExpiry).toBe(ADMIN_KEY);
    expect(afterExpiry).toBe(ROTATED_KEY);
    expect(sm.count('GetSecretValue', name)).toBe(2);
  });

  it('refetches on forceRefresh and after invalidate', async () => {
    sm.putSecret(name, ADMIN_KEY);
    const resolver = createSecretResolver({ client: sm.client() });
    await resolver.resolve(`${name}`);

    sm.putSecret(name, ROTATED_KEY);
    expect(await resolver.resolve(name, { forceRefresh: true })).toBe(ROTATED_KEY);
    resolver.invalidate(`${name}#ignored-field`);
    await resolver.resolve(name);

    expect(sm.count('GetSecretValue', name)).toBe(3);
  });

  it('resolves by full ARN and by partial ARN', async () => {
    const { arn } = sm.putSecret(name, JSON.stringify({ key: ADMIN_KEY }));
    const resolver = createSecretResolver({ client: sm.client() });

    expect(await resolver.resolve(`${arn}#key`)).toBe(ADMIN_KEY);
    expect(await resolver.resolve(`${arn.slice(0, -7)}#key`)).toBe(ADMIN_KEY);
  });

  it('decodes a binary secret as UTF-8', async () => {
    sm.putSecret(name, new TextEncoder().encode(`{"token":"glpat-${ADMIN_KEY}"}`));
    const resolver = createSecretResolver({ client: sm.client() });

    expect(await resolver.resolve(`${name}#token`)).toBe(`glpat-${ADMIN_KEY}`);
  });

  it('rejects a binary secret that is not UTF-8 text', async () => {
    sm.putSecret(name, Uint8Array.of(0xff, 0xfe, 0x41));
    const resolver = createSecretResolver({ client: sm.client() });

    const err = await caught(resolver.resolve(name));

    expect(err.message).toContain('not valid UTF-8');
  });

  it('fails with not_found naming the reference, and does not cache the failure', async () => {
    // Prepare
    const resolver = createSecretResolver({ client: sm.client() });

    // Act
    const err = await caught(resolver.resolve(`${name}#key`));
    sm.putSecret(name, JSON.stringify({ key: ADMIN_KEY }));
    const later = await resolver.resolve(`${name}#key`);

    // Assess
    expect(err.reason).toBe('not_found');
    expect(err.message).toBe(
      `secret reference "${name}#key": secret "${name}" not found in Secrets Manager`,
    );
    expect((err.cause as Error).name).toBe('ResourceNotFoundException');
    expect(later).toBe(ADMIN_KEY);
  });

  it('names the missing field and the keys present, never the values', async () => {
    sm.putSecret(name, JSON.stringify({ user: 'admin', password: ADMIN_KEY }));
    const resolver = createSecretResolver({ client: sm.client() });

    const err = await caught(resolver.resolve(`${name}#key`));

    expect(err.reason).toBe('no_field');
    expect(err.message).toContain('no field "key"');
    expect(err.message).toContain('"user", "password"');
    expect(errorText(err)).not.toContain(ADMIN_KEY);
  });

  it('refuses a #field on a secret that is not JSON, without quoting it', async () => {
    sm.putSecret(name, ADMIN_KEY);
    const resolver = createSecretResolver({ client: sm.client() });

    const err = await caught(resolver.resolve(`${name}#key`));

    expect(err.reason).toBe('not_json');
    expect(errorText(err)).not.toContain(ADMIN_KEY);
  });

  it.each([
    ['a 500 InternalServiceError', FAULTS.internal],
    ['a ThrottlingException', FAULTS.throttling],
  ])('succeeds after the SDK retries %s', async (_label, fault) => {
    sm.putSecret(name, ADMIN_KEY);
    const resolver = createSecretResolver({ client: sm.client() });
    sm.fail(fault, 1);

    expect(await resolver.resolve(name)).toBe(ADMIN_KEY);
    const attempts = sm.requests.filter((r) => r.secretId === name).map((r) => r.attempt);
    expect(attempts).toEqual([1, 2]);
  });

  it('reports access denied without retrying it', async () => {
    sm.putSecret(name, ADMIN_KEY);
    const resolver = createSecretResolver({ client: sm.client() });
    sm.fail(FAULTS.accessDenied, 1);

    const err = await caught(resolver.resolve(name));

    expect(err.reason).toBe('access_denied');
    expect(err.message).toContain(`allow secretsmanager:GetSecretValue on "${name}"`);
    expect(sm.count('GetSecretValue', name)).toBe(1);
  });

  it('reports a server failure once the SDK gives up', async () => {
    sm.putSecret(name, ADMIN_KEY);
    const resolver = createSecretResolver({ client: sm.client({ maxAttempts: 2 }) });
    sm.fail(FAULTS.internal, 2);

    const err = await caught(resolver.resolve(name));

    expect(err.reason).toBe('fetch_failed');
    expect(err.message).toContain('InternalServiceError');
    expect(err.message).toContain('HTTP 500, 2 attempts');
  });
});

describe('withFreshSecret against the Secrets Manager stand-in', () => {
  const name = 'apisix/rotating';

  it('refetches once after a 401 and succeeds with the rotated value', async () => {
    // Prepare: the cache holds the old key; the gateway already expects the new one.
    sm.putSecret(name, JSON.stringify({ key: ADMIN_KEY }));
    const resolver = createSecretResolver({ client: sm.client() });
    await resolver.resolve(`${name}#key`);
    sm.putSecret(name, JSON.stringify({ key: ROTATED_KEY }));
    const seen: string[] = [];
    const before = sm.count('GetSecretValue', name);

    // Act
    const result = await withFreshSecret(resolver, `${name}#key`, async (key) => {
      seen.push(key);
      if (key !== ROTATED_KEY) throw unauthorized();
      return 'synced';
    });

    // Assess
    expect(result).toBe('synced');
    expect(seen).toEqual([ADMIN_KEY, ROTATED_KEY]);
    expect(sm.count('GetSecretValue', name) - before).toBe(1);
    expect(await resolver.resolve(`${name}#key`)).toBe(ROTATED_KEY);
  });

  it('fails clearly after a second 401, naming the reference and never the value', async () => {
    sm.putSecret(name, JSON.stringify({ key: ADMIN_KEY }));
    const resolver = createSecretResolver({ client: sm.client() });
    let calls = 0;

    const err = await caught(
      withFreshSecret(resolver, `${name}#key`, async () => {
        calls += 1;
        throw unauthorized();
      }),
    );

    expect(calls).toBe(2);
    expect(err.reason).toBe('auth_rejected');
    expect(err.message).toContain(`secret reference "${name}#key"`);
    expect(err.message).toContain('still answered 401 after the secret was refetched');
    expect(err.cause).toBeInstanceOf(AdminApiError);
    expect(errorText(err)).not.toContain(ADMIN_KEY);
  });
});

describe('getSecretResolver', () => {
  const saved = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  afterEach(() => {
    clearSecretCaches();
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = saved;
  });

  it('reaches Secrets Manager through AWS_ENDPOINT_URL_SECRETS_MANAGER and caches in module scope', async () => {
    // Prepare
    sm.putSecret('git/token', `ghp_${ADMIN_KEY}`);
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.endpoint;
    clearSecretCaches();
    const before = sm.count('GetSecretValue', 'git/token');

    // Act
    const first = await getSecretResolver().resolve('git/token');
    const second = await getSecretResolver().resolve('git/token');
    clearSecretCaches();
    await getSecretResolver().resolve('git/token');

    // Assess
    expect([first, second]).toEqual([`ghp_${ADMIN_KEY}`, `ghp_${ADMIN_KEY}`]);
    expect(getSecretResolver()).toBe(getSecretResolver());
    expect(sm.count('GetSecretValue', 'git/token') - before).toBe(2);
  });
});
