/** Terse builders for plugin schemas. */

import type { Schema } from '../jsonschema.js';
import type { Json } from '../types.js';

const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
const num = (extra: Schema = {}): Schema => ({ type: 'number', ...extra });
const bool = (def?: boolean): Schema =>
  def === undefined ? { type: 'boolean' } : { type: 'boolean', default: def };
const strDef = (def: string): Schema => ({ type: 'string', default: def });
const oneOfStr = (values: Json[], def?: Json): Schema =>
  def === undefined
    ? { type: 'string', enum: values }
    : { type: 'string', enum: values, default: def };
const obj = (
  properties: Record<string, Schema>,
  required?: string[],
  extra: Schema = {},
): Schema => ({
  type: 'object',
  properties,
  ...(required ? { required } : {}),
  ...extra,
});
const arr = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
const rejectedCode = (def: number): Schema => ({
  type: 'integer',
  minimum: 200,
  maximum: 599,
  default: def,
});

/** The batch-processor fields every logger shares, with their defaults. */
function batchFields(name: string): Record<string, Schema> {
  return {
    name: strDef(name),
    batch_max_size: int({ minimum: 1, default: 1000 }),
    inactive_timeout: int({ minimum: 1, default: 5 }),
    buffer_duration: int({ minimum: 1, default: 60 }),
    max_retry_count: int({ minimum: 0, default: 0 }),
    retry_delay: int({ minimum: 0, default: 1 }),
  };
}

export { arr, batchFields, bool, int, num, obj, oneOfStr, rejectedCode, str, strDef };
