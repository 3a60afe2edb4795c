import { describe, expect, it } from 'vitest';
import { builtinDefaults, defaultsFromJsonSchema } from '../../../lib/differ/index.js';
import schemas from '../../fixtures/differ/schemas-3.13.0.json' with { type: 'json' };

describe('defaultsFromJsonSchema', () => {
  it.each([
    ['a non-object schema', 'nope', {}],
    ['a schema without defaults', { type: 'object', properties: { a: { type: 'string' } } }, {}],
    [
      'object properties and array items',
      {
        type: 'object',
        properties: {
          n: { type: 'array', items: { type: 'object', properties: { p: { default: 0 } } } },
          d: { type: 'string', default: 'x' },
        },
      },
      { properties: { n: { items: { properties: { p: { default: 0 } } } }, d: { default: 'x' } } },
    ],
    [
      'anyOf/oneOf/allOf branches merged, the node default winning over a branch default',
      {
        properties: { a: { default: 1 } },
        anyOf: [{ properties: { b: { default: 2 } } }],
        oneOf: [{ properties: { a: { default: 9 }, c: { default: 3 } } }],
        allOf: [{ properties: { d: { default: 4 } } }],
      },
      {
        properties: { a: { default: 1 }, b: { default: 2 }, c: { default: 3 }, d: { default: 4 } },
      },
    ],
    [
      'then/else and object-valued dependencies',
      // Parsed from text: a JSON schema's `then` is data, not a thenable.
      JSON.parse(
        '{"then":{"properties":{"t":{"default":"t"}}},' +
          '"else":{"then":{"properties":{"e":{"default":"e"}}}},' +
          '"dependencies":{"x":{"properties":{"y":{"default":"y"}}},"z":["x"]}}',
      ),
      { properties: { t: { default: 't' }, e: { default: 'e' }, y: { default: 'y' } } },
    ],
  ])('prunes %s', (_name, schema, expected) => {
    expect(defaultsFromJsonSchema(schema)).toEqual(expected);
  });

  it('prunes the recorded 3.13 limit-count schema, redis branches included', () => {
    const tree = defaultsFromJsonSchema(schemas.schemas['/plugins/limit-count']);

    expect(tree.properties).toMatchObject({
      policy: { default: 'local' },
      rejected_code: { default: 503 },
      show_limit_quota_header: { default: true },
      redis_timeout: { default: 1000 },
      redis_cluster_ssl: { default: false },
    });
    expect(tree.properties?.count).toBeUndefined();
  });

  it('agrees with the built-in table on the recorded 3.13 route and upstream defaults', () => {
    const tree = defaultsFromJsonSchema(schemas.schemas['/schema/route']);
    const builtin = builtinDefaults().core.route;

    expect(tree.properties?.priority).toEqual(builtin?.properties?.priority);
    expect(tree.properties?.status).toEqual(builtin?.properties?.status);
    expect(tree.properties?.upstream).toEqual(builtinDefaults().core.upstream);
  });
});
