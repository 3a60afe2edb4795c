import { describe, expect, it } from 'vitest';
import { decodeJson } from '../../../lib/emulator/apisix-admin/cjson.js';
import { validate } from '../../../lib/emulator/apisix-admin/jsonschema.js';
import { Store } from '../../../lib/emulator/apisix-admin/store.js';

describe('decodeJson', () => {
  it.each([
    ['{"uri": "/a",', 'Expected object key string but found T_END at character 14'],
    ['not json at all', 'Expected value but found invalid token at character 1'],
    ['{uri: "/a"}', 'Expected object key string but found invalid token at character 2'],
    ['{"nodes": ', 'Expected value but found T_END at character 11'],
    ['[1 2]', 'Expected comma or array end but found T_NUMBER at character 4'],
    ['{"a" 1}', 'Expected colon but found T_NUMBER at character 6'],
    ['{} x', 'Expected the end but found invalid token at character 4'],
  ])("reports cjson's message for %s", (text, message) => {
    expect(decodeJson(text)).toEqual({ ok: false, error: message });
  });

  it('decodes valid JSON, including a bare string', () => {
    expect(decodeJson('"renamed"')).toEqual({ ok: true, value: 'renamed' });
  });
});

describe('validate', () => {
  it.each([
    [{ type: 'string' }, 42, 'wrong type: expected string, got number'],
    [{ type: 'integer', exclusiveMinimum: 0 }, -1, 'expected -1 to be greater than 0'],
    [{ type: 'object', required: ['key'] }, {}, 'property "key" is required'],
    [
      { type: 'array', items: { enum: ['GET'] } },
      ['GET', 'FETCH'],
      'failed to validate item 2: matches none of the enum values',
    ],
    [
      { oneOf: [{ required: ['a'] }, { required: ['b'] }] },
      { a: 1, b: 1 },
      'value should match only one schema, but matches both schemas 1 and 2',
    ],
    [{ anyOf: [{ required: ['active'] }] }, {}, 'object matches none of the required: ["active"]'],
    [{ type: 'string', pattern: '^[a-z]+$' }, '$#', 'failed to match pattern "^[a-z]+$" with "$#"'],
  ])('answers api7/jsonschema messages (%j)', (schema, value, message) => {
    expect(validate(schema, value, false)).toBe(message);
  });

  it('injects defaults only into the branch that matched', () => {
    const schema = { anyOf: [{ type: 'object' as const, properties: { a: { default: 1 } } }] };
    const value = {};
    validate(schema, value, true);
    expect(value).toEqual({ a: 1 });
  });
});

describe('Store', () => {
  it('keeps one revision counter, key order and createdIndex across updates', () => {
    const store = new Store();
    store.put('routes', '/apisix/routes/2', {});
    store.put('routes', '/apisix/routes/10', {});
    const { entry, created } = store.put('routes', '/apisix/routes/2', { a: 1 });
    expect([created, entry.createdIndex, entry.modifiedIndex, store.revision]).toEqual([
      false,
      1,
      3,
      3,
    ]);
    expect(store.list('routes')?.map((e) => e.key)).toEqual([
      '/apisix/routes/10',
      '/apisix/routes/2',
    ]);
  });
});
