import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiError } from '../../../lib/errors.js';
import { createSecretResolver, SecretError, withFreshSecret } from '../../../lib/secrets/index.js';

const TOKEN = 'glpat-7d3f0c5e9a1b2c4d';

async function rejection(promise: Promise<unknown>): Promise<SecretError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SecretError);
  return err as SecretError;
}

/** A `readFile` over an in-memory map that counts reads and can hold them open. */
function memoryFiles(files: Record<string, string>) {
  const reads: string[] = [];
  let gate: Promise<void> = Promise.resolve();
  return {
    reads,
    hold(): () => void {
      let open = (): void => {};
      gate = new Promise((ok) => {
        open = ok;
      });
      return open;
    },
    readFile: async (path: string): Promise<string> => {
      reads.push(path);
      await gate;
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
  };
}

describe('env: references', () => {
  it('reads the variable at call time, with #field support', async () => {
    const env: Record<string, string | undefined> = { TOKEN };
    const resolver = createSecretResolver({ env });

    expect(await resolver.resolve('env:TOKEN')).toBe(TOKEN);
    env.TOKEN = 'rotated';
    env.CREDS = JSON.stringify({ user: 'ci', port: 22 });
    expect(await resolver.resolve('env:TOKEN')).toBe('rotated');
    expect(await resolver.resolve('env:CREDS#port')).toBe('22');
  });

  it.each([
    [{}, 'env_unset', 'secret reference "env:TOKEN": environment variable TOKEN is not set'],
    [{ TOKEN: '' }, 'empty', 'secret reference "env:TOKEN": environment variable TOKEN is empty'],
  ])('fails for %j', async (env, reason, message) => {
    const err = await rejection(createSecretResolver({ env }).resolve('env:TOKEN'));
    expect([err.reason, err.message]).toEqual([reason, message]);
  });
});

describe('file: references', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'apisync-secrets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a real file and drops one trailing newline', async () => {
    const path = join(dir, 'token');
    await writeFile(path, `${TOKEN}\n`);

    expect(await createSecretResolver().resolve(`file:${path}`)).toBe(TOKEN);
  });

  it('names the path and the errno of an unreadable file', async () => {
    const path = join(dir, 'missing');

    const err = await rejection(createSecretResolver().resolve(`file:${path}`));

    expect(err.reason).toBe('file_unreadable');
    expect(err.message).toBe(`secret reference "file:${path}": cannot read ${path} (ENOENT)`);
  });

  it('caches the file per path for every field, until the TTL expires', async () => {
    let clock = 0;
    const files = memoryFiles({ '/s.json': JSON.stringify({ user: 'u', key: TOKEN }) });
    const resolver = createSecretResolver({ ...files, ttlMs: 1_000, now: () => clock });

    await resolver.resolve('file:/s.json#user');
    expect(await resolver.resolve('file:/s.json#key')).toBe(TOKEN);
    clock = 1_000;
    await resolver.resolve('file:/s.json#key');

    expect(files.reads).toEqual(['/s.json', '/s.json']);
  });

  it('does not cache at all when ttlMs is 0', async () => {
    const files = memoryFiles({ '/k': TOKEN });
    const resolver = createSecretResolver({ ...files, ttlMs: 0 });

    await resolver.resolve('file:/k');
    await resolver.resolve('file:/k');

    expect(files.reads).toHaveLength(2);
  });

  it('does not let a read invalidated in flight refill the cache', async () => {
    // Prepare: a read is in flight when the reference is invalidated.
    const files = memoryFiles({ '/k': TOKEN });
    const resolver = createSecretResolver(files);
    const open = files.hold();
    const stale = resolver.resolve('file:/k');
    resolver.invalidate('file:/k');
    open();
    await stale;

    // Act
    await resolver.resolve('file:/k');

    // Assess: the second resolve had to read again.
    expect(files.reads).toHaveLength(2);
  });

  it('starts a new read on forceRefresh even while one is in flight', async () => {
    const files = memoryFiles({ '/k': TOKEN });
    const resolver = createSecretResolver(files);
    const open = files.hold();

    const pending = [
      resolver.resolve('file:/k'),
      resolver.resolve('file:/k', { forceRefresh: true }),
    ];
    open();
    await Promise.all(pending);

    expect(files.reads).toHaveLength(2);
  });

  it('clear() drops every cached source', async () => {
    const files = memoryFiles({ '/a': 'a', '/b': 'b' });
    const resolver = createSecretResolver(files);
    await Promise.all([resolver.resolve('file:/a'), resolver.resolve('file:/b')]);

    resolver.clear();
    await Promise.all([resolver.resolve('file:/a'), resolver.resolve('file:/b')]);

    expect(files.reads).toHaveLength(4);
  });
});

describe('withFreshSecret', () => {
  const unauthorized = new AdminApiError({
    method: 'GET',
    url: 'https://git.example/api',
    status: 401,
  });

  it('passes errors other than 401 through without refetching', async () => {
    const files = memoryFiles({ '/k': TOKEN });
    const resolver = createSecretResolver(files);
    const forbidden = new AdminApiError({
      method: 'GET',
      url: 'https://git.example/api',
      status: 403,
    });

    const err = await withFreshSecret(resolver, 'file:/k', async () => {
      throw forbidden;
    }).catch((e: unknown) => e);

    expect(err).toBe(forbidden);
    expect(files.reads).toHaveLength(1);
  });

  it('calls fn once when it succeeds', async () => {
    const files = memoryFiles({ '/k': TOKEN });
    let calls = 0;

    const out = await withFreshSecret(createSecretResolver(files), 'file:/k', async (v) => {
      calls += 1;
      return v.length;
    });

    expect([out, calls, files.reads.length]).toEqual([TOKEN.length, 1, 1]);
  });

  it('says whether the refetched value changed when the peer keeps answering 401', async () => {
    const env = { TOKEN };

    const err = await rejection(
      withFreshSecret(createSecretResolver({ env }), 'env:TOKEN', async () => {
        throw unauthorized;
      }),
    );

    expect(err.message).toBe(
      'secret reference "env:TOKEN": GET https://git.example/api still answered 401 after the ' +
        'secret was refetched (value unchanged); store the credential the peer expects under this reference',
    );
  });
});
