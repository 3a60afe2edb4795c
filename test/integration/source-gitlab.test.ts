import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearSourceCaches,
  readSource,
  resolveRef,
  SourceError,
  type SourceSpec,
} from '../../lib/source/index.js';
import { startServer, type TestServer } from '../helpers/servers.js';
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

describe('gitlab source pagination links', () => {
  const SHA = 'a'.repeat(40);
  const PROJECT = '/api/v4/projects/acme%2Fcfg/repository';
  let gl: TestServer;
  let other: TestServer;
  /** `private-token` headers that reached the other origin. */
  let leaked: (string | undefined)[];
  /** The tree's Link header, given the two servers' URLs. */
  let linkTo: (glUrl: string, otherUrl: string) => string;

  beforeEach(async () => {
    leaked = [];
    other = await startServer((req, res) => {
      leaked.push(req.headers['private-token'] as string | undefined);
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    gl = await startServer((req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const json = (body: unknown, headers: Record<string, string> = {}) =>
        res
          .writeHead(200, { 'content-type': 'application/json', ...headers })
          .end(JSON.stringify(body));
      if (path === `${PROJECT}/commits/main`) return json({ id: SHA });
      if (path === `${PROJECT}/tree` && !(req.url ?? '').includes('page=2')) {
        const entries = [{ path: 'a.yaml', type: 'blob', mode: '100644' }];
        return json(entries, { link: `<${linkTo(gl.url, other.url)}>; rel="next"` });
      }
      if (path === `${PROJECT}/tree`)
        return json([{ path: 'b.yaml', type: 'blob', mode: '100644' }]);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`${path}\n`);
    });
  });
  afterEach(async () => {
    await Promise.all([gl.close(), other.close()]);
    clearSourceCaches();
  });

  const read = () =>
    readSource(
      { type: 'gitlab', url: 'https://gitlab.example.com/acme/cfg' },
      {},
      { apiBaseUrl: `${gl.url}/api/v4`, token: TOKEN },
    );

  it.each([
    ['another host', (_: string, o: string) => `${o}${PROJECT}/tree?page=2`],
    [
      'a protocol-relative URL',
      (_: string, o: string) => `${o.replace(/^http:/, '')}${PROJECT}/tree?page=2`,
    ],
    ['another scheme', (g: string) => `${g.replace(/^http:/, 'https:')}${PROJECT}/tree?page=2`],
  ])('refuses a next-page link to %s and never sends the token there', async (_, link) => {
    // Prepare
    linkTo = link;
    // Act
    const result = read();
    // Assess
    await expect(result).rejects.toBeInstanceOf(SourceError);
    await expect(result).rejects.toMatchObject({ kind: 'protocol' });
    await expect(result).rejects.not.toHaveProperty('message', expect.stringContaining(TOKEN));
    expect(leaked).toEqual([]);
    expect(gl.requests.filter((r) => r.url.includes('page=2'))).toEqual([]);
  });

  it.each([
    ['an absolute URL on the API origin', (g: string) => `${g}${PROJECT}/tree?page=2`],
    ['a path on the API origin', () => `${PROJECT}/tree?page=2`],
  ])('follows a next-page link given as %s', async (_, link) => {
    linkTo = link;
    const snap = await read();
    expect(snap.files.map((f) => f.path)).toEqual(['a.yaml', 'b.yaml']);
    expect(leaked).toEqual([]);
  });
});
