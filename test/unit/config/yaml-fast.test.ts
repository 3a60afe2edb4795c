import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { fastYaml, NEEDS_EXACT } from '../../../lib/config/yaml-fast.js';

/** The reference: what the loader got from the `yaml` package before the fast path existed. */
const exact = (text: string): { ok: boolean; value: unknown } => {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, value: undefined };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch {
    // An unresolved alias or an alias bomb: the loader reports it as invalid YAML.
    return { ok: false, value: undefined };
  }
};

describe('fastYaml', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['False', false],
    ['tRUE', 'tRUE'],
    ['yes', 'yes'],
    ['on', 'on'],
    ['~', null],
    ['Null', null],
    ['NULL', null],
    ['nULL', 'nULL'],
    ['', null],
    ['12', 12],
    ['+12', 12],
    ['-0', -0],
    ['017', 17],
    ['0o17', 15],
    ['0x1F', 31],
    ['-0x1F', '-0x1F'],
    ['0b101', '0b101'],
    ['1_000', '1_000'],
    ['.5', 0.5],
    ['1.', 1],
    ['1e3', 1000],
    ['1e400', Number.POSITIVE_INFINITY],
    ['-.inf', Number.NEGATIVE_INFINITY],
    ['.NaN', Number.NaN],
    ['-.nan', '-.nan'],
    ['123456789012345678901', Number('123456789012345678901')],
    ['2001-12-14', '2001-12-14'],
    ['2001-12-14T21:59:43.10-05:00', '2001-12-14T21:59:43.10-05:00'],
    ['12:30:00', '12:30:00'],
    ['"12"', '12'],
    ["'true'", 'true'],
  ])('resolves the plain scalar %s as the YAML 1.2 core schema does', (scalar, expected) => {
    // Act
    const value = fastYaml(`v: ${scalar}\n`);

    // Assess: the same as the yaml package, and the value we expect from the spec
    expect(value).toEqual(exact(`v: ${scalar}\n`).value);
    expect(value).toEqual({ v: expected });
  });

  it.each([
    ['an anchor and alias', 'a: &x {b: 1}\nc: *x\n'],
    ['a merge key over an alias', 'a: &x {b: 1}\nc: {<<: *x}\n'],
    [
      'an alias bomb',
      `a: &a [x, x]\n${Array.from({ length: 120 }, (_, i) => `k${i}: *a`).join('\n')}\n`,
    ],
    ['a %YAML directive', '%YAML 1.1\n---\na: yes\n'],
    ['an explicit key', '? a\n: b\n'],
    ['a flow collection as a key', '[a, b]: 1\n'],
    ['a null key', 'a: {~: 1}\n'],
    ['a key spelled null', 'null: 1\n'],
    ['an empty key of a single pair in a flow sequence', 'a: [: x]\n'],
    ['a tag outside the core schema', 'a: !!binary aGVsbG8=\n'],
    ['a local tag', 'a: !secret x\n'],
    ['an explicit tag that does not resolve', 'a: !!float 1\n'],
    ['a core tag', 'a: !!str 12\n'],
    ['an empty node with the non-specific tag', 'a: !\n'],
    ['an empty last entry of a nested list', 'a:\n  - b:\n      -\n  - 0\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a syntax error', 'services: [\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['a comment glued to a quote', 'a: "x"#c\n'],
    ['a carriage return alone as a line break', 'a: b\rc: d\n'],
    ['an implicit key over 1,024 characters', `${'k'.repeat(1100)}: v\n`],
    ['a flow sequence continued under-indented', 'a:\n  b: [1,\n 2]\n'],
    ['a quoted scalar continued on the next line', "a:\n  b: 'x\n  y'\n"],
    ['a tab at the start of a line', 'k: |2\n\t\n'],
    ['nesting beyond js-yaml limits', `a: ${'['.repeat(200)}${']'.repeat(200)}\n`],
  ])('leaves %s to the exact parser', (_label, text) => {
    expect(fastYaml(text)).toBe(NEEDS_EXACT);
  });

  it('keeps a merge key without an alias as a plain key, as the yaml package does', () => {
    expect(fastYaml('a: {<<: {b: 1}}\n')).toEqual({ a: { '<<': { b: 1 } } });
    expect(exact('a: {<<: {b: 1}}\n').value).toEqual({ a: { '<<': { b: 1 } } });
  });

  it('agrees with the yaml package on every document it answers for', () => {
    // Prepare: plain scalars written raw, so that implicit typing and syntax errors both occur
    const scalar = fc.oneof(
      fc.constantFrom('yes', '0o17', '017', '0x1F', '1e3', '.inf', '~', 'true', '2001-12-14'),
      fc.constantFrom('a b', 'x#y', 'a: b', '[a', '&a', '*a', '!t', '"q"', "'q'", '-', ''),
      fc.string({ maxLength: 6 }),
      fc.integer().map(String),
      fc.double().map(String),
    );
    const key = fc.constantFrom('name', 'port', 'null', '1', 'true', 'x y', '<<', 'key-auth');
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    const emit = (node: unknown, indent: string): string => {
      if (Array.isArray(node)) {
        return node.length === 0
          ? ' []'
          : node.map((n) => `\n${indent}-${emit(n, `${indent}  `)}`).join('');
      }
      if (typeof node === 'object' && node !== null) {
        const entries = Object.entries(node);
        if (entries.length === 0) return ' {}';
        return entries.map(([k, n]) => `\n${indent}${k}:${emit(n, `${indent}  `)}`).join('');
      }
      return ` ${String(node)}`;
    };

    // Act / Assess
    fc.assert(
      fc.property(tree, (node) => {
        const text = `services:${emit(node, '  ')}\n`;
        const reference = exact(text);
        const fast = fastYaml(text);
        if (!reference.ok) expect(fast).toBe(NEEDS_EXACT);
        else if (fast !== NEEDS_EXACT) expect(fast).toStrictEqual(reference.value);
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });
});
