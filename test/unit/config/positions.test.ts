import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { blockItems } from '../../../lib/config/block-items.js';
import { createLocator, type JsonPath } from '../../../lib/config/positions.js';

/** Every path of `value`, plus a missing child of each (located at its deepest existing node). */
const pathsOf = (value: unknown, path: JsonPath = []): JsonPath[] => {
  const own: JsonPath[] = [path, [...path, 'missing'], [...path, 99]];
  if (typeof value !== 'object' || value === null) return own;
  return own.concat(
    Object.entries(value).flatMap(([key, child]) =>
      pathsOf(child, [...path, Array.isArray(value) ? Number(key) : key]),
    ),
  );
};

const documents = [
  'services:\n  - name: a\n    routes:\n      - name: r\n        uris: [/a]\n  - name: b\nssls:\n  - snis: [x]\n',
  'services:\n- name: a\n  hosts:\n  - x\n- name: b # note\nconsumers:\n- username: u\n',
  'services:\n  # a comment\n  - name: a\n    description: |\n      - not an entry\n\n    x: 1\n  - { name: b, hosts: [h] }\n',
  'services:\n    -   name: a\n        plugins: { p: { a: [1, 2] } }\n    -\n        name: b\n',
  'global_rules:\n  cors: {}\nservices: [{ name: a }, { name: b }]\n',
  'services:\n  - name: a\n...\n',
];

describe('createLocator', () => {
  it.each(documents.map((d) => [JSON.stringify(d), d]))(
    'locates every path of %s as a parse of the whole file does',
    (_label, text) => {
      // Prepare: a fresh locator per path that may parse single list entries (once a locator
      // has parsed the whole file it uses that tree), and one that parses the whole file
      const value: unknown = parse(text);
      const listLength = (key: string) => {
        const list = value && typeof value === 'object' ? Reflect.get(value, key) : undefined;
        return Array.isArray(list) ? list.length : undefined;
      };
      const whole = createLocator(text);

      // Act / Assess
      for (const path of pathsOf(value)) {
        expect(createLocator(text, listLength).locate(path)).toEqual(whole.locate(path));
      }
    },
  );

  it('still locates correctly when the list length does not match the layout', () => {
    const text = 'services:\n  - name: a\n  - name: b\n';
    const locator = createLocator(text, () => 5);
    expect(locator.locate(['services', 1, 'name'])).toEqual({ line: 3, column: 5 });
  });
});

describe('blockItems', () => {
  it('finds where each entry of a top-level block list starts and where the list ends', () => {
    const text = 'services:\n  - name: a\n\n  - name: b\n    x: 1\nssls: []\n';
    expect(blockItems(text, 'services')).toEqual({
      keyOffset: 0,
      starts: [text.indexOf('  - name: a'), text.indexOf('  - name: b')],
      end: text.indexOf('ssls'),
    });
  });

  it.each([
    ['a flow list', 'services: [a, b]\n'],
    ['a key written twice', 'services:\n  - a\nservices:\n  - b\n'],
    ['a quoted key', '"services":\n  - a\n'],
    ['a mapping instead of a list', 'services:\n  a: 1\n'],
    ['an entry less indented than the first', 'services:\n    - a\n  - b\n'],
    ['a document marker after the list', 'services:\n  - a\n---\n'],
  ])('gives up on %s', (_label, text) => {
    expect(blockItems(text, 'services')).toBeUndefined();
  });
});
