import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSource, resolveRef, SourceError } from '../../../lib/source/index.js';

describe('local source', () => {
  let dir: string;
  const write = (files: Record<string, string>) => {
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), c);
    }
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'apisync-local-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the globbed files in path order with a content hash as sha', async () => {
    // Prepare
    write({ 'z.yaml': 'z', 'a/b.yml': 'b', 'c.json': '{}', 'notes.txt': 'n' });
    // Act
    const snap = await readSource({ type: 'local', path: dir }, {}, {});
    // Assess
    expect(snap.files.map((f) => f.path)).toEqual(['a/b.yml', 'c.json', 'z.yaml']);
    expect(snap.sha).toMatch(/^[0-9a-f]{64}$/);
    expect(snap.type).toBe('local');
  });

  it('keeps the sha while content is unchanged and changes it on any edit', async () => {
    write({ 'a.yaml': 'v: 1' });
    const first = await readSource({ type: 'local', path: dir }, {}, {});
    await expect(
      resolveRef({ type: 'local', path: dir }, undefined, {}, first.sha),
    ).resolves.toEqual({ sha: first.sha, unchanged: true });
    write({ 'a.yaml': 'v: 2' });
    const second = await readSource({ type: 'local', path: dir }, {}, {});
    expect(second.sha).not.toBe(first.sha);
  });

  it('applies globs with exclusions', async () => {
    write({ 'adc/a.yaml': 'a', 'adc/drafts/b.yaml': 'b', 'other.yaml': 'o' });
    const snap = await readSource(
      { type: 'local', path: dir, paths: ['adc/**/*.yaml', '!adc/drafts/**'] },
      {},
      {},
    );
    expect(snap.files).toEqual([{ path: 'adc/a.yaml', content: 'a' }]);
  });

  it.each([
    ['a missing directory', 'missing', 'not_found'],
    ['a file', 'file.yaml', 'invalid'],
  ])('throws a SourceError for %s', async (_name, sub, kind) => {
    write({ 'file.yaml': 'x' });
    const read = readSource({ type: 'local', path: join(dir, sub) }, {}, {});
    await expect(read).rejects.toBeInstanceOf(SourceError);
    await expect(read).rejects.toMatchObject({ kind });
  });

  it('refuses a requested content hash the directory no longer has', async () => {
    write({ 'a.yaml': 'v: 1' });
    await expect(
      readSource({ type: 'local', path: dir }, { sha: 'f'.repeat(64) }, {}),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });
});
