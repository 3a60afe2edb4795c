import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { glob } from 'tinyglobby';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatcher, DEFAULT_PATHS } from '../../../lib/source/glob.js';

const PATHS = [
  'a.yaml',
  'b.yml',
  'c.json',
  'README.md',
  '.hidden.yaml',
  '.github/workflows/ci.yaml',
  'adc/routes.yaml',
  'adc/prod/services.yaml',
  'adc/prod/x.json',
  'adc/drafts/wip.yaml',
  'adc/.secret/k.yaml',
  'docs/adc/routes.yaml',
  'file[1].yaml',
];

const PATTERNS: string[][] = [
  DEFAULT_PATHS,
  ['adc/**/*.yaml'],
  ['adc/*.yaml'],
  ['adc/**'],
  ['**/adc/*.yaml'],
  ['adc/**/*.{yaml,json}'],
  ['adc/prod/?.json'],
  ['*.y?ml'],
  ['**/*.yaml', '!adc/drafts/**'],
  ['./adc/**/*.yaml'],
  ['.github/**/*.yaml'],
  ['adc/[dp]*/*.yaml'],
];

describe('createMatcher', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'apisync-glob-'));
    for (const p of PATHS) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), '');
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(PATTERNS.map((p) => [p.join(' '), p]))(
    'selects what tinyglobby selects for %s',
    async (_name, patterns) => {
      // Prepare
      const expected = (
        await glob(patterns as string[], { cwd: dir, onlyFiles: true, expandDirectories: false })
      ).sort();
      // Act
      const match = createMatcher(patterns as string[]);
      // Assess
      expect(PATHS.filter(match).sort()).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    },
  );

  it('uses YAML and JSON files by default and skips dot directories', () => {
    const match = createMatcher();
    expect(PATHS.filter(match).sort()).toEqual([
      'a.yaml',
      'adc/drafts/wip.yaml',
      'adc/prod/services.yaml',
      'adc/prod/x.json',
      'adc/routes.yaml',
      'b.yml',
      'c.json',
      'docs/adc/routes.yaml',
      'file[1].yaml',
    ]);
  });
});
