import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSource, SourceError, type SourceSpec } from '../../../lib/source/index.js';

// Nothing listens on port 9 (discard): a read that got past the check would fail as unreachable.
const NOWHERE = 'http://127.0.0.1:9';
const cacheDir = mkdtempSync(join(tmpdir(), 'apisync-pinned-'));

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('readSource with a pinned sha', () => {
  it.each<[SourceSpec['type'], string]>([
    ['git', 'main'],
    ['github', 'refs/heads/main'],
    ['gitlab', '../../../projects'],
    ['github', 'abc123'],
  ])('refuses a %s read pinned to %j, which is not a full commit id', async (type, sha) => {
    // Prepare
    const spec: SourceSpec = { type, url: `${NOWHERE}/acme/cfg.git`, ref: 'main' };
    // Act
    const err = await readSource(spec, { sha }, { apiBaseUrl: NOWHERE, cacheDir }).catch(
      (e: unknown) => e,
    );
    // Assess
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ kind: 'invalid' });
    expect((err as Error).message).toContain('sha must be a full commit id');
  });
});
