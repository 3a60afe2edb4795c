import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSource, SourceError } from '../../lib/source/index.js';
import { type GitBackend, startGitHttpBackend } from '../support/git-http-backend.js';
import { createTestRepo, type TestRepo } from '../support/git-repo.js';

const TOKEN = 'gho_secretTokenValue789';

describe('git source authentication', () => {
  let repo: TestRepo;
  let backend: GitBackend;
  let cacheDir: string;

  beforeEach(async () => {
    repo = createTestRepo('private.git');
    repo.commit({ 'a.yaml': 'v: 1\n' });
    backend = await startGitHttpBackend({ projectRoot: repo.root, token: TOKEN });
    cacheDir = mkdtempSync(join(tmpdir(), 'apisync-cache-'));
  });
  afterEach(async () => {
    await backend.close();
    repo.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('sends the token as Basic auth from the first request', async () => {
    const snap = await readSource(
      { type: 'git', url: backend.url('private.git') },
      {},
      { token: TOKEN, cacheDir },
    );
    expect(snap.files).toEqual([{ path: 'a.yaml', content: 'v: 1\n' }]);
    expect(backend.requests.every((r) => r.status === 200 && r.user === 'x-access-token')).toBe(
      true,
    );
  });

  it('uses credentials from the URL and the user name of a user:token secret', async () => {
    const withUserinfo = backend.url('private.git').replace('//', `//oauth2:${TOKEN}@`);
    await readSource({ type: 'git', url: withUserinfo }, {}, { cacheDir });
    expect(backend.requests.at(-1)?.user).toBe('oauth2');
    await readSource(
      { type: 'git', url: backend.url('private.git') },
      {},
      { token: `deploy-bot:${TOKEN}`, cacheDir },
    );
    expect(backend.requests.at(-1)?.user).toBe('deploy-bot');
  });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'gho_wrongValue000'],
  ])('throws an auth SourceError without the secret for %s', async (_name, token) => {
    // Act
    const url = backend.url('private.git').replace('//', `//user:${TOKEN}x@`);
    const err = await readSource({ type: 'git', url }, {}, { token, cacheDir }).catch(
      (e: unknown) => e,
    );
    // Assess
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ kind: 'auth', status: 401, url: backend.url('private.git') });
    const text = `${(err as Error).message} ${String((err as Error).cause)} ${JSON.stringify(err)}`;
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('gho_wrongValue000');
  });

  it('throws unreachable when nothing listens', async () => {
    const url = backend.url('private.git');
    await backend.close();
    backend = await startGitHttpBackend({ projectRoot: repo.root }); // for afterEach; other port
    const err = await readSource({ type: 'git', url }, {}, { cacheDir, timeoutMs: 2000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: 'unreachable' });
  });
});
