import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearSourceCaches,
  readSource,
  resolveRef,
  SourceError,
  type SourceSpec,
} from '../../lib/source/index.js';
import type { StandInRequest } from '../support/git-plumbing.js';
import { createTestRepo, type TestRepo } from '../support/git-repo.js';
import { type GithubStandIn, startGithubStandIn } from '../support/github-api.js';

const TOKEN = 'ghp_standInSecret123';
const spec: SourceSpec = {
  type: 'github',
  url: 'https://github.com/acme/cfg.git',
  paths: ['adc/**/*.yaml'],
};

describe('github source over REST', () => {
  let repo: TestRepo;
  let gh: GithubStandIn;
  let onRequest: (req: StandInRequest) => void;
  const deps = () => ({ apiBaseUrl: gh.baseUrl, token: TOKEN });

  beforeEach(async () => {
    repo = createTestRepo('cfg.git');
    onRequest = () => undefined;
    gh = await startGithubStandIn({
      bare: repo.bare,
      token: TOKEN,
      onRequest: (r) => onRequest(r),
    });
  });
  afterEach(async () => {
    await gh.close();
    repo.remove();
    clearSourceCaches();
  });

  it('reads the matching files at the resolved SHA with pinned headers', async () => {
    // Prepare
    const sha = repo.commit({
      'adc/a.yaml': 'a: 1\n',
      'adc/sub/b.yaml': 'b: 2\n',
      'adc/c.json': '{}',
      'x.yaml': 'x',
    });
    // Act
    const snap = await readSource(spec, {}, deps());
    // Assess
    expect(snap).toEqual({
      type: 'github',
      ref: 'main',
      sha,
      files: [
        { path: 'adc/a.yaml', content: 'a: 1\n' },
        { path: 'adc/sub/b.yaml', content: 'b: 2\n' },
      ],
    });
    const first = gh.requests[0];
    expect(first?.path).toBe('/repos/acme/cfg/commits/main');
    expect(first?.headers.accept).toBe('application/vnd.github.sha');
    expect(first?.headers['x-github-api-version']).toBe('2022-11-28');
    expect(gh.count('/git/blobs/')).toBe(2);
  });

  it('answers unchanged from a 304 and re-downloads nothing at an unchanged SHA', async () => {
    // Prepare
    const sha = repo.commit({ 'adc/a.yaml': 'a: 1\n' });
    await readSource(spec, {}, deps());
    // Act
    const resolved = await resolveRef(spec, 'main', deps());
    const again = await readSource(spec, {}, deps());
    // Assess
    expect(resolved).toEqual({ sha, unchanged: true });
    expect(again.sha).toBe(sha);
    expect(gh.requests.filter((r) => r.status === 304)).toHaveLength(2);
    expect(gh.count('/git/trees/')).toBe(1);
    expect(gh.count('/git/blobs/')).toBe(1);
  });

  it('reports a moved ref after a push', async () => {
    const first = repo.commit({ 'adc/a.yaml': 'a: 1\n' });
    await expect(resolveRef(spec, 'main', deps(), first)).resolves.toEqual({
      sha: first,
      unchanged: true,
    });
    const second = repo.commit({ 'adc/a.yaml': 'a: 2\n' });
    await expect(resolveRef(spec, 'main', deps(), first)).resolves.toEqual({ sha: second });
  });

  it('reads everything at one SHA even when the branch moves mid-read', async () => {
    // Prepare: push a new commit as soon as the tree is requested
    const sha = repo.commit({ 'adc/a.yaml': 'a: 1\n', 'adc/b.yaml': 'b: 1\n' });
    onRequest = (req) => {
      if (req.path.includes('/git/trees/'))
        repo.commit({ 'adc/a.yaml': 'a: 2\n', 'adc/b.yaml': 'b: 2\n' });
    };
    // Act
    const snap = await readSource(spec, {}, deps());
    // Assess
    expect(snap.sha).toBe(sha);
    expect(snap.files.map((f) => f.content)).toEqual(['a: 1\n', 'b: 1\n']);
    expect(repo.sha()).not.toBe(sha);
  });

  it('reads exactly the SHA the caller passes', async () => {
    const old = repo.commit({ 'adc/a.yaml': 'a: 1\n' });
    repo.commit({ 'adc/a.yaml': 'a: 2\n' });
    const snap = await readSource(spec, { sha: old }, deps());
    expect(snap.files).toEqual([{ path: 'adc/a.yaml', content: 'a: 1\n' }]);
    expect(gh.count('/commits/')).toBe(0);
  });

  it('fails with too_large when GitHub truncates the tree', async () => {
    repo.commit({ 'adc/a.yaml': 'a: 1\n' });
    gh.truncateTrees = true;
    await expect(readSource(spec, {}, deps())).rejects.toMatchObject({
      kind: 'too_large',
      message: expect.stringContaining('truncated'),
    });
  });

  it('retries a 429 after retry-after and then succeeds', async () => {
    repo.commit({ 'adc/a.yaml': 'a: 1\n' });
    gh.tooManyRequests = 1;
    const snap = await readSource(spec, {}, deps());
    expect(snap.files).toHaveLength(1);
    expect(gh.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it.each([
    ['a bad token', { token: 'wrong' }, 'auth', 401],
    ['an unknown repository', { url: 'https://github.com/acme/other' }, 'not_found', 404],
    ['an unknown branch', { ref: 'nope' }, 'not_found', 422],
  ])('throws a SourceError for %s', async (_name, change, kind, status) => {
    repo.commit({ 'adc/a.yaml': 'a: 1\n' });
    const { token, ...specChange } = change as { token?: string; url?: string; ref?: string };
    const read = readSource(
      { ...spec, ...specChange },
      {},
      { ...deps(), ...(token ? { token } : {}) },
    );
    await expect(read).rejects.toBeInstanceOf(SourceError);
    await expect(read).rejects.toMatchObject({ kind, status });
  });

  it('throws rate_limited with the reset time when the limit is spent', async () => {
    repo.commit({ 'adc/a.yaml': 'a: 1\n' });
    gh.rateRemaining = 0;
    const err = await readSource(spec, {}, deps()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ kind: 'rate_limited', status: 403, retryAt: expect.any(Number) });
    expect(String((err as Error).message)).toContain('retry after');
  });

  it('never puts the token into an error message', async () => {
    const err = await readSource(
      { ...spec, url: `https://x:${TOKEN}@github.com/acme/nope` },
      {},
      { apiBaseUrl: gh.baseUrl, token: 'bad-token-value' },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    const text = `${(err as Error).message} ${JSON.stringify(err)} ${String((err as Error).cause)}`;
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('bad-token-value');
  });
});
