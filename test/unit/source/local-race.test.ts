// A file that goes away between the listing and the read. Node's `readFile` is wrapped (not
// replaced) so that, for one chosen file, the real file is really changed on disk right before
// the real `readFile` runs: the race, made deterministic.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readSource, SourceError } from '../../../lib/source/index.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, readFile: vi.fn(real.readFile) };
});

const realReadFile = (await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises'))
  .readFile;

describe('local source', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'apisync-local-race-'));
    writeFileSync(join(dir, 'a.yaml'), 'a: 1');
    writeFileSync(join(dir, 'b.yaml'), 'b: 1');
  });
  afterEach(() => {
    vi.mocked(fsPromises.readFile).mockReset();
    vi.mocked(fsPromises.readFile).mockImplementation(realReadFile);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `change` on b.yaml just before it is read, then the real read. */
  function raceOnB(change: (file: string) => void): void {
    vi.mocked(fsPromises.readFile).mockImplementation(((file: string, options: unknown) => {
      if (String(file).endsWith('b.yaml')) change(String(file));
      return realReadFile(file, options as BufferEncoding);
    }) as typeof fsPromises.readFile);
  }

  it.each([
    ['deleted', (file: string) => unlinkSync(file), 'not_found', /b\.yaml disappeared/],
    [
      'replaced by a directory',
      (file: string) => {
        unlinkSync(file);
        mkdirSync(file);
      },
      'unreachable',
      /cannot read b\.yaml \(EISDIR\)/,
    ],
  ])(
    'throws a SourceError when a listed file is %s before it is read',
    async (_, change, kind, message) => {
      // Prepare
      raceOnB(change);
      // Act
      const read = readSource({ type: 'local', path: dir }, {}, {});
      // Assess
      await expect(read).rejects.toBeInstanceOf(SourceError);
      await expect(read).rejects.toMatchObject({ kind, url: dir, message });
    },
  );

  it('reads every file when nothing changes (the wrapper itself is transparent)', async () => {
    raceOnB(() => undefined);
    const snap = await readSource({ type: 'local', path: dir }, {}, {});
    expect(snap.files.map((f) => f.path)).toEqual(['a.yaml', 'b.yaml']);
  });
});
