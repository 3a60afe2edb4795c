import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../lib/source/errors.js';
import { readGit, resolveGitRef } from '../../lib/source/git.js';
import { type GitBackend, startGitHttpBackend } from '../support/git-http-backend.js';
import { createTestRepo, type TestRepo } from '../support/git-repo.js';

/** Counts the sockets it opens, to show requests reuse the caller's pool. */
class CountingAgent extends HttpAgent {
  connections = 0;
  override createConnection(
    ...args: Parameters<HttpAgent['createConnection']>
  ): ReturnType<HttpAgent['createConnection']> {
    this.connections++;
    return super.createConnection(...args);
  }
}

describe('git source over smart HTTP', () => {
  let repo: TestRepo;
  let backend: GitBackend;
  let cacheDir: string;

  beforeEach(async () => {
    repo = createTestRepo('cfg.git');
    backend = await startGitHttpBackend({ projectRoot: repo.root });
    cacheDir = mkdtempSync(join(tmpdir(), 'apisync-cache-'));
  });
  afterEach(async () => {
    await backend.close();
    repo.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('reads the files of the branch head at its SHA', async () => {
    // Prepare
    const sha = repo.commit({
      'adc/routes.yaml': 'services: []\n',
      'adc/extra.json': '{}\n',
      'README.md': '# not config\n',
    });
    // Act
    const snap = await readGit({ type: 'git', url: backend.url('cfg.git') }, {}, { cacheDir });
    // Assess
    expect(snap).toEqual({
      type: 'git',
      ref: 'main',
      sha,
      files: [
        { path: 'adc/extra.json', content: '{}\n' },
        { path: 'adc/routes.yaml', content: 'services: []\n' },
      ],
    });
  });

  it('sees a new commit, reads an older SHA, and downloads no pack at an unchanged SHA', async () => {
    // Prepare
    const first = repo.commit({ 'a.yaml': 'v: 1\n' });
    const spec = { type: 'git' as const, url: backend.url('cfg.git') };
    await readGit(spec, {}, { cacheDir });
    expect(backend.fetches()).toBe(1);
    // Act: unchanged SHA
    const again = await readGit(spec, {}, { cacheDir });
    // Assess
    expect(again.sha).toBe(first);
    expect(backend.fetches()).toBe(1);
    // Act: a new commit is pushed
    const second = repo.commit({ 'a.yaml': 'v: 2\n', 'b.yaml': 'w: 1\n' });
    const next = await readGit(spec, {}, { cacheDir });
    // Assess
    expect(next.sha).toBe(second);
    expect(next.files.map((f) => f.content)).toEqual(['v: 2\n', 'w: 1\n']);
    expect(backend.fetches()).toBe(2);
    // the second fetch offered the cached tip, so the server sent only what is new
    const packs = backend.requests.filter((r) => r.command === 'fetch');
    expect(packs.map((r) => r.haves)).toEqual([0, 1]);
    expect(backend.requests.some((r) => r.command === 'ls-refs')).toBe(true);
    // Act: the older commit by SHA is already cached
    const old = await readGit(spec, { sha: first }, { cacheDir });
    expect(old.files).toEqual([{ path: 'a.yaml', content: 'v: 1\n' }]);
    expect(backend.fetches()).toBe(2);
  });

  it('deepens to reach a pushed SHA that is no longer the branch tip', async () => {
    // Prepare: the webhook's commit was followed by two more before the read
    const wanted = repo.commit({ 'a.yaml': 'v: 1\n' });
    repo.commit({ 'a.yaml': 'v: 2\n' });
    repo.commit({ 'a.yaml': 'v: 3\n' });
    // Act
    const snap = await readGit(
      { type: 'git', url: backend.url('cfg.git') },
      { sha: wanted },
      { cacheDir },
    );
    // Assess
    expect(snap.sha).toBe(wanted);
    expect(snap.files).toEqual([{ path: 'a.yaml', content: 'v: 1\n' }]);
  });

  it('resolves tags and full refs', async () => {
    const sha = repo.commit({ 'a.yaml': 'v: 1\n' });
    repo.tag('v1', sha);
    repo.commit({ 'a.yaml': 'v: 2\n' });
    const spec = { type: 'git' as const, url: backend.url('cfg.git') };
    await expect(resolveGitRef(spec, 'v1', {})).resolves.toEqual({ sha });
    await expect(resolveGitRef(spec, 'refs/heads/main', {})).resolves.toEqual({ sha: repo.sha() });
    const snap = await readGit({ ...spec, ref: 'v1' }, {}, { cacheDir });
    expect(snap.files).toEqual([{ path: 'a.yaml', content: 'v: 1\n' }]);
  });

  it('reads everything at the resolved SHA even when the branch moves mid-read', async () => {
    // Prepare: push a new commit as the pack is requested, after ls-refs resolved the old one
    const sha = repo.commit({ 'a.yaml': 'v: 1\n' });
    let pushed = false;
    await backend.close();
    backend = await startGitHttpBackend({
      projectRoot: repo.root,
      onRequest: (req) => {
        if (
          !pushed &&
          req.method === 'GET' &&
          req.query.includes('git-upload-pack') &&
          backend.requests.length > 2
        ) {
          pushed = true;
          repo.commit({ 'a.yaml': 'v: 2\n' });
        }
      },
    });
    // Act
    const snap = await readGit({ type: 'git', url: backend.url('cfg.git') }, {}, { cacheDir });
    // Assess
    expect(pushed).toBe(true);
    expect(snap.sha).toBe(sha);
    expect(snap.files).toEqual([{ path: 'a.yaml', content: 'v: 1\n' }]);
  });

  it('sends pooled requests through the injected agents', async () => {
    repo.commit({ 'a.yaml': 'v: 1\n' });
    const httpAgent = new CountingAgent({ keepAlive: true });
    const agents = { httpAgent, httpsAgent: new HttpsAgent() };
    await readGit({ type: 'git', url: backend.url('cfg.git') }, {}, { cacheDir, agents });
    expect(httpAgent.connections).toBeGreaterThan(0);
    expect(httpAgent.connections).toBeLessThan(backend.requests.length);
    httpAgent.destroy();
    agents.httpsAgent.destroy();
  });

  it('rebuilds a corrupt cache and still reads the commit', async () => {
    // Prepare: a cached read, then garbage in every pack file
    repo.commit({ 'a.yaml': 'v: 1\n' });
    const spec = { type: 'git' as const, url: backend.url('cfg.git') };
    await readGit(spec, {}, { cacheDir });
    for (const gitdir of readdirSync(cacheDir)) {
      const packDir = join(cacheDir, gitdir, 'objects', 'pack');
      for (const f of readdirSync(packDir)) writeFileSync(join(packDir, f), 'garbage');
    }
    // Act
    const snap = await readGit(spec, {}, { cacheDir });
    // Assess
    expect(snap.files).toEqual([{ path: 'a.yaml', content: 'v: 1\n' }]);
    expect(backend.fetches()).toBeGreaterThan(1);
  });

  it('throws a not_found SourceError for an unknown branch', async () => {
    repo.commit({ 'a.yaml': 'v: 1\n' });
    const read = readGit(
      { type: 'git', url: backend.url('cfg.git'), ref: 'nope' },
      {},
      { cacheDir },
    );
    await expect(read).rejects.toBeInstanceOf(SourceError);
    await expect(read).rejects.toMatchObject({ kind: 'not_found' });
  });
});
