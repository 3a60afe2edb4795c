/**
 * `#field` selection: one key of a JSON object secret, as text. Errors list the secret's key
 * names (useful, not secret) and never the value; a JSON parse error is not kept as `cause`
 * because V8 quotes the input in its message.
 *
 * @example
 * ```ts
 * pickField('{"key":"edd1c9f0"}', 'key', 'apisix/admin#key'); // 'edd1c9f0'
 * ```
 */
import { SecretError } from './errors.js';

const MAX_LISTED_KEYS = 10;

function parseObject(raw: string, ref: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw new SecretError(
      ref,
      'not_json',
      'a #field needs a JSON object secret; this one is not JSON',
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    const kind = Array.isArray(doc) ? 'an array' : doc === null ? 'null' : `a ${typeof doc}`;
    throw new SecretError(
      ref,
      'not_json',
      `a #field needs a JSON object secret; this one is ${kind}`,
    );
  }
  return doc as Record<string, unknown>;
}

function listKeys(doc: Record<string, unknown>): string {
  const keys = Object.keys(doc);
  if (keys.length === 0) return 'it has no keys';
  const shown = keys.slice(0, MAX_LISTED_KEYS).map((k) => JSON.stringify(k));
  const more = keys.length > MAX_LISTED_KEYS ? `, … (${keys.length} in all)` : '';
  return `its keys are ${shown.join(', ')}${more}`;
}

/**
 * Returns `doc[field]` of a JSON object secret as a string (numbers and booleans are
 * stringified). Throws `SecretError` (`not_json`, `no_field`) otherwise.
 *
 * @example
 * ```ts
 * pickField('{"user":"ci","port":5432}', 'port', 'db#port'); // '5432'
 * ```
 */
function pickField(raw: string, field: string, ref: string): string {
  const doc = parseObject(raw, ref);
  if (!Object.hasOwn(doc, field)) {
    throw new SecretError(
      ref,
      'no_field',
      `no field "${field}" in the JSON secret; ${listKeys(doc)}`,
    );
  }
  const value = doc[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
  throw new SecretError(ref, 'no_field', `field "${field}" is ${kind}, not a string`);
}

export { pickField };
