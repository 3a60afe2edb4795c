/**
 * Test-only: a real git repository a test creates and pushes to, with the git CLI. The bare
 * repository is what `git http-backend` and the REST stand-ins serve.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'apisync test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'apisync test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs git and returns trimmed stdout. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }).trim();
}

/** Runs git and returns stdout as bytes (blob contents). */
function gitBytes(cwd: string, ...args: string[]): Buffer {
  return execFileSync('git', args, { cwd, env: GIT_ENV, maxBuffer: 64 * 1024 * 1024 });
}

interface TestRepo {
  /** Directory holding the bare repository (`<root>/<name>`). */
  root: string;
  /** The bare repository. */
  bare: string;
  name: string;
  /** Writes (or with `null`, deletes) files, commits, pushes to `branch`; returns the new SHA. */
  commit(files: Record<string, string | null>, message?: string, branch?: string): string;
  /** Creates an annotated tag at `sha` and pushes it. */
  tag(name: string, sha: string): void;
  /** Current SHA of a ref in the bare repository. */
  sha(ref?: string): string;
  remove(): void;
}

/**
 * Creates `<tmp>/<name>` (bare) and a work tree that pushes to it.
 *
 * @example
 * ```ts
 * const repo = createTestRepo('cfg.git');
 * const sha = repo.commit({ 'adc/routes.yaml': 'services: []\n' });
 * ```
 */
function createTestRepo(name = 'cfg.git'): TestRepo {
  const root = mkdtempSync(join(tmpdir(), 'apisync-repo-'));
  const bare = join(root, name);
  const work = join(root, 'work');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(root, 'init', '--quiet', '--initial-branch=main', work);
  git(work, 'remote', 'add', 'origin', bare);
  const commit = (
    files: Record<string, string | null>,
    message = 'change',
    branch = 'main',
  ): string => {
    for (const [path, content] of Object.entries(files)) {
      const file = join(work, path);
      if (content === null) rmSync(file, { force: true });
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    git(work, 'add', '-A');
    git(work, 'commit', '--quiet', '--allow-empty', '-m', message);
    git(work, 'push', '--quiet', '--force', 'origin', `HEAD:refs/heads/${branch}`);
    return git(work, 'rev-parse', 'HEAD');
  };
  return {
    root,
    bare,
    name,
    commit,
    tag: (tag, sha) => {
      git(work, 'tag', '-a', '-m', tag, tag, sha);
      git(work, 'push', '--quiet', 'origin', `refs/tags/${tag}`);
    },
    sha: (ref = 'main') => git(bare, 'rev-parse', `${ref}^{commit}`),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export type { TestRepo };
export { createTestRepo, git, gitBytes };
