import { describe, expect, it } from 'vitest';
import { commitToRead } from '../../../lib/sync/reconcile-target.js';
import type { TargetTrigger } from '../../../lib/sync/reconcile-types.js';

const SHA = 'a'.repeat(40);

function trigger(patch: Partial<TargetTrigger>): TargetTrigger {
  return { kind: 'target', target: 'prod', reason: 'webhook', force: false, pin: false, ...patch };
}

describe('commitToRead', () => {
  it('ignores a git sha for a local directory source (it has no commits)', async () => {
    const read = await commitToRead({ type: 'local', path: 'examples' }, trigger({ sha: SHA }), {});

    expect(read).toEqual({});
  });

  it('reads exactly a pinned sha without asking where the branch is', async () => {
    // No agents and an unreachable URL: a lookup of the head would fail the test.
    const spec = { type: 'git' as const, url: 'http://127.0.0.1:9/repo.git', ref: 'main' };

    const read = await commitToRead(spec, trigger({ sha: SHA, pin: true }), {});

    expect(read).toEqual({ sha: SHA });
  });

  it('reads the branch head when the trigger names no sha', async () => {
    const spec = { type: 'git' as const, url: 'http://127.0.0.1:9/repo.git', ref: 'main' };

    expect(await commitToRead(spec, trigger({}), {})).toEqual({ sha: undefined });
  });
});
