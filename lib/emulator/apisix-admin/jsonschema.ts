/**
 * A JSON-schema validator producing api7/jsonschema's messages (the ones APISIX answers with), with
 * the default injection APISIX applied to stored values before 3.14. Each schema is compiled once
 * (`jsonschema-compile.ts`); this module is the entry point the checkers call.
 */
import { compile } from './jsonschema-compile.js';
import type { Result, Schema } from './jsonschema-types.js';
import type { Json } from './types.js';

/**
 * Validates `value` against `schema`; returns api7/jsonschema's message for the first failure.
 * With `inject`, missing properties that have a `default` are filled in (in place).
 *
 * @example
 * ```ts
 * validate({ type: 'object', properties: { uri: { type: 'string' } } }, { uri: 1 }, false);
 * // 'property "uri" validation failed: wrong type: expected string, got number'
 * ```
 */
function validate(schema: Schema, value: Json, inject: boolean): Result {
  return compile(schema)(value, inject, true);
}

/**
 * An `if`/`then`/`else` schema (built from entries: a literal `then` key reads as a thenable).
 *
 * @example
 * ```ts
 * conditional({ properties: { type: { enum: ['server'] } } }, { required: ['cert'] });
 * ```
 */
function conditional(ifSchema: Schema, thenSchema: Schema, elseSchema?: Schema): Schema {
  const entries: Array<[string, Schema]> = [
    ['if', ifSchema],
    ['then', thenSchema],
  ];
  if (elseSchema) entries.push(['else', elseSchema]);
  return Object.fromEntries(entries) as Schema;
}

export type { Schema };
export { conditional, validate };
