import { describe, expect, it } from 'vitest';
import { clone } from '../../../lib/emulator/apisix-admin/json.js';
import type { Json } from '../../../lib/emulator/apisix-admin/types.js';

describe('clone', () => {
  it.each<[string, Json]>([
    ['a nested body', { uri: '/a', nodes: [{ host: 'h', port: 1 }], labels: { a: 'b' }, n: null }],
    ['an array of scalars', [1, 'two', true, null, 2.5]],
    ['a scalar', 'text'],
    ['an own __proto__ key from JSON.parse', JSON.parse('{"__proto__": {"x": 1}, "a": 1}') as Json],
  ])('copies %s as structuredClone does', (_name, value) => {
    const copy = clone(value);
    expect(copy).toStrictEqual(structuredClone(value));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
    if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
  });

  it('shares nothing with the original', () => {
    const value = { a: { b: [{ c: 1 }] } };
    const copy = clone(value);
    copy.a.b.push({ c: 2 });
    expect(value.a.b).toHaveLength(1);
  });

  it('keeps an own __proto__ key as a key, not a prototype', () => {
    const copy = clone(JSON.parse('{"__proto__": {"polluted": true}}') as Json);
    expect(Object.keys(copy as object)).toEqual(['__proto__']);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
