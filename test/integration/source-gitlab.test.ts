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
import { type GitlabStandIn, startGitlabStandIn } from '../support/gitlab-api.js';

const TOKEN = 'glpat-standInSecret456';
const spec: SourceSpec = {
  type: 'gitlab',
  url: 'https://gitlab.example.com/acme/platform/cfg.git',
  paths: ['**/*.yaml', '!drafts/**'],
};

describe('gitlab source over REST v4', () => {
  let repo: TestRepo;
  let gl: GitlabStandIn;
  let onRequest: (req: StandInRequest) => void;
  const deps = () => ({ apiBaseUrl: `${gl.baseUrl}/api/v4`, token: TOKEN });

  beforeEach(async () => {
    repo = createTestRepo('cfg.git');
    onRequest = () => undefined;
    gl = await startGitlabStandIn({
      bare: repo.bare,
      project: 'acme/platform/cfg',
      token: TOKEN,
      maxPerPage: 2,
      onRequest: (r) => onRequest(r),
    });
  });
  afterEach(async () => {
    await gl.close();
    repo.remove();
    clearSourceCaches();
  });

  it('reads every page of the tree and the raw files at the resolved SHA', async () => {
    // Prepare: 5 files + 2 directories = 4 pages of 2
    const sha = repo.commit({
      'a.yaml': 'a\n',
      'b.yaml': 'b\n',
      'svc/c.yaml': 'c\n',
      'svc/d.json': '{}',
      'drafts/e.yaml': 'e\n',
    });
    // Act
    const snap = await readSource(spec, {}, deps());
    // Assess
    expect(snap).toEqual({
      type: 'gitlab',
      ref: 'main',
      sha,
      files: [
        { path: 'a.yaml', content: 'a\n' },
        { path: 'b.yaml', content: 'b\n' },
        { path: 'svc/c.yaml', content: 'c\n' },
      ],
    });
    expect(gl.count('/repository/tree')).toBe(4);
    expect(gl.requests[0]?.path).toBe(
      '/api/v4/projects/acme%2Fplatform%2Fcfg/repository/commits/main',
    );
    expect(gl.requests.every((r) => r.headers['private-token'] === TOKEN)).toBe(true);
  });

  it('reads everything at one SHA even when the branch moves mid-read', async () => {
    const sha = repo.commit({ 'a.yaml': 'v1\n' });
    onRequest = (req) => {
      if (req.path.endsWith('/repository/tree')) repo.commit({ 'a.yaml': 'v2\n' });
    };
    const snap = await readSource(spec, {}, deps());
    expect(snap.sha).toBe(sha);
    expect(snap.files).toEqual([{ path: 'a.yaml', content: 'v1\n' }]);
  });

  it('resolves a branch with a slash and reports unchanged against a known SHA', async () => {
    const sha = repo.commit({ 'a.yaml': 'v1\n' }, 'feature', 'feature/x');
    await expect(resolveRef(spec, 'feature/x', deps(), sha)).resolves.toEqual({
      sha,
      unchanged: true,
    });
  });

  it.each([
    ['a bad token', { token: 'nope' }, {}, 'auth', 401],
    [
      'an unknown project',
      {},
      { url: 'https://gitlab.example.com/acme/missing' },
      'not_found',
      404,
    ],
    ['an unknown branch', {}, { ref: 'nope' }, 'not_found', 404],
  ])('throws a SourceError for %s', async (_name, depChange, specChange, kind, status) => {
    repo.commit({ 'a.yaml': 'v1\n' });
    const read = readSource({ ...spec, ...specChange }, {}, { ...deps(), ...depChange });
    await expect(read).rejects.toBeInstanceOf(SourceError);
    await expect(read).rejects.toMatchObject({ kind, status });
  });
});
