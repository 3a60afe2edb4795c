/**
 * The scalar keywords of the schema compiler (`type`, string, number and `enum` keywords): each
 * returns undefined when the schema has none of its keywords, so the compiled check skips it.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { deepEqual, isObject, jsonType } from './json.js';
import type { Result, Schema } from './jsonschema-types.js';
import type { Json } from './types.js';

/** What a failed check answers when no message was asked for (any non-empty string will do). */
const FAIL = 'failed';

type TypeTest = (value: Json) => boolean;

const TYPE_TESTS: Record<string, TypeTest> = {
  object: isObject,
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
};

function typeTest(expected: string): TypeTest {
  return TYPE_TESTS[expected] ?? ((v) => jsonType(v) === expected);
}

/**
 * The `type` keyword; undefined when the schema has none.
 *
 * @example
 * ```ts
 * compileType({ type: 'string' })?.(1, true); // 'wrong type: expected string, got number'
 * ```
 */
function compileType(schema: Schema): ((value: Json, msg: boolean) => Result) | undefined {
  if (schema.type === undefined) return undefined;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const tests = types.map(typeTest);
  const expected = types.length === 1 ? types[0] : `one of ${types.join(', ')}`;
  return (value, msg) => {
    for (const test of tests) if (test(value)) return undefined;
    if (!msg) return FAIL;
    // Lua has one number type: an integer where a string is expected is reported as "number".
    const actual = jsonType(value) === 'integer' ? 'number' : jsonType(value);
    return `wrong type: expected ${expected}, got ${actual}`;
  };
}

/**
 * A RegExp test built on first use (an invalid pattern throws where the interpreter threw).
 *
 * @example
 * ```ts
 * lazyRegExp('^[a-z]+$')('abc'); // true
 * ```
 */
function lazyRegExp(pattern: string): (subject: string) => boolean {
  let re: RegExp | undefined;
  return (subject) => {
    re ??= new RegExp(pattern);
    return re.test(subject);
  };
}

/** Code points, as `[...str].length` counts them (a lone surrogate counts as one). */
function codePoints(str: string): number {
  let count = str.length;
  for (let i = 0; i < str.length - 1; i++) {
    const c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = str.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}

/**
 * `minLength`, `maxLength` (in code points), `pattern` and the ip formats; undefined when none.
 *
 * @example
 * ```ts
 * compileString({ maxLength: 1 })?.('ab', true); // 'string too long, expected at most 1, got 2'
 * ```
 */
function compileString(schema: Schema): ((str: string, msg: boolean) => Result) | undefined {
  const min = Number(schema.minLength ?? 0);
  const max = schema.maxLength;
  const { pattern, format } = schema;
  const needLength = min > 0 || max !== undefined;
  if (!needLength && pattern === undefined && format !== 'ipv4' && format !== 'ipv6')
    return undefined;
  const matches = pattern === undefined ? undefined : lazyRegExp(pattern);
  return (str, msg) => {
    if (needLength) {
      const length = codePoints(str);
      if (length < min)
        return msg ? `string too short, expected at least ${min}, got ${length}` : FAIL;
      if (max !== undefined && length > max)
        return msg ? `string too long, expected at most ${max}, got ${length}` : FAIL;
    }
    if (matches && !matches(str))
      return msg ? `failed to match pattern "${pattern}" with "${str}"` : FAIL;
    if (format === 'ipv4' && !isIPv4(str))
      return msg ? `expect valid ipv4 address, got ${str}` : FAIL;
    if (format === 'ipv6' && !isIPv6(str))
      return msg ? `expect valid ipv6 address, got ${str}` : FAIL;
    return undefined;
  };
}

/**
 * `minimum`, `maximum` and their exclusive forms; undefined when the schema has none.
 *
 * @example
 * ```ts
 * compileNumber({ minimum: 1 })?.(0); // 'expected 0 to be at least 1'
 * ```
 */
function compileNumber(schema: Schema): ((num: number) => Result) | undefined {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  if ([minimum, maximum, exclusiveMinimum, exclusiveMaximum].every((k) => k === undefined))
    return undefined;
  return (num) => {
    if (minimum !== undefined && num < minimum) return `expected ${num} to be at least ${minimum}`;
    if (maximum !== undefined && num > maximum) return `expected ${num} to be at most ${maximum}`;
    if (exclusiveMinimum !== undefined && num <= exclusiveMinimum)
      return `expected ${num} to be greater than ${exclusiveMinimum}`;
    if (exclusiveMaximum !== undefined && num >= exclusiveMaximum)
      return `expected ${num} to be smaller than ${exclusiveMaximum}`;
    return undefined;
  };
}

/**
 * `enum`: a Set when every candidate is a scalar (deepEqual is `===` there), else deepEqual.
 *
 * @example
 * ```ts
 * compileEnum({ enum: ['GET', 'POST'] })?.('PUT'); // false
 * ```
 */
function compileEnum(schema: Schema): ((value: Json) => boolean) | undefined {
  const candidates = schema.enum;
  if (!candidates) return undefined;
  if (candidates.every((c) => c === null || typeof c !== 'object')) {
    const set = new Set<Json>(candidates);
    return (value) => set.has(value);
  }
  return (value) => candidates.some((candidate) => deepEqual(candidate, value));
}

export { compileEnum, compileNumber, compileString, compileType, FAIL, lazyRegExp };
