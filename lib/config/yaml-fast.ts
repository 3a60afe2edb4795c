/**
 * The fast YAML path: js-yaml with a schema that resolves plain scalars exactly as the `yaml`
 * package's YAML 1.2 core schema does (the reference behaviour of apisync's loader), about ten
 * times faster than `yaml`'s `parseDocument` on large files because it builds no node tree.
 *
 * It only answers when it is sure to give the same value as the exact path. Anything else
 * (syntax errors, anchors and aliases, tags, `%` directives, keys that are null or collections,
 * multi-line flow collections and quoted scalars) returns {@link NEEDS_EXACT}, and the caller
 * re-parses with `yaml`, which also produces the error messages and positions users know.
 *
 * @example
 * ```ts
 * const value = fastYaml('services:\n  - name: web\n');
 * if (value !== NEEDS_EXACT) console.log(value); // { services: [{ name: 'web' }] }
 * ```
 */
import { FAILSAFE_SCHEMA, type LoadOptions, load, Type } from 'js-yaml';
import { hasLenientLines } from './yaml-lines.js';

/** Returned when only the exact (`yaml` package) parser can answer for this text. */
const NEEDS_EXACT: unique symbol = Symbol('needs exact YAML parser');

// The resolution rules of YAML 1.2's core schema, as the `yaml` package applies them.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** Cheap first-character filter: only these can start a number (most scalars are words). */
const mayBeNumber = (text: string): boolean => {
  const c = text.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46; // 0-9 + - .
};

const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) => data === null || (typeof data === 'string' && NULL.test(data)),
  construct: () => null,
});

const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && BOOL.test(data),
  construct: (data: string) => data[0] === 't' || data[0] === 'T',
});

const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    typeof data === 'string' &&
    mayBeNumber(data) &&
    (INT_OCT.test(data) || INT_DEC.test(data) || INT_HEX.test(data)),
  construct: (data: string) => {
    if (INT_OCT.test(data)) return Number.parseInt(data.slice(2), 8);
    if (INT_HEX.test(data)) return Number.parseInt(data.slice(2), 16);
    return Number.parseInt(data, 10);
  },
});

const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    typeof data === 'string' &&
    mayBeNumber(data) &&
    (FLOAT_SPECIAL.test(data) || FLOAT_EXP.test(data) || FLOAT.test(data)),
  construct: (data: string) => {
    if (!FLOAT_SPECIAL.test(data)) return Number.parseFloat(data);
    if (data.slice(-3).toLowerCase() === 'nan') return Number.NaN;
    return data[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  },
});

/** Strings, lists and mappings, plus the core schema's null, bool, int and float; nothing else. */
const CORE_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });

/**
 * Text the two parsers could read differently, found without parsing. False alarms (a
 * description ending in " !", say) only cost the slower parser.
 *
 * - a `%YAML`/`%TAG` directive (can switch to YAML 1.1 rules);
 * - an explicit `? key`, or a flow collection used as a key (`[a, b]: x`);
 * - a tag (`!`, `!!str`): an empty tagged node is `null` for js-yaml, `""` for `yaml`;
 * - a line ending in a bare `-`: js-yaml 4.3 lets an empty last entry of a nested block
 *   sequence swallow the entries of the enclosing one;
 * - a tab at the start of a line, a comment glued to a quote, bracket or comma (`"a"#c`), a
 *   carriage return alone as a line break: js-yaml accepts some of these that `yaml` rejects.
 */
const UNSAFE = [
  /^%/m,
  /(?:^|[\s[{,])\?(?:[ \t]|$)/m,
  /[\]}][ \t]*:(?:[ \t]|$)/m,
  /(?:^|[\s[{,])!/m,
  /^[ \t]*(?:-[ \t]+)*-[ \t]*(?:#.*)?$/m,
  /^ *\t/m,
  /["',:\]}]#/,
  /\r(?!\n)/,
];

class ExactNeeded extends Error {}

/** js-yaml's parser state as the listener sees it; `anchor` is missing from its typings. */
type ListenerState = Parameters<NonNullable<LoadOptions['listener']>>[1] & {
  anchor?: string | null;
};

const hasNullKey = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, 'null');

/**
 * Stops the parse at the first anchor (aliases then share nodes, and the `yaml` package's alias
 * limit is the one users rely on) and at a mapping with a `null` key (js-yaml names a null key
 * "null", the `yaml` package "").
 */
const listener = (event: 'open' | 'close', state: ListenerState): void => {
  if (event !== 'close') return;
  if (state.anchor !== null && state.anchor !== undefined) throw new ExactNeeded('anchor');
  const result: unknown = state.result;
  if (hasNullKey(result)) throw new ExactNeeded('null key');
  // A single pair in a flow sequence (`[: x]`) is a mapping without its own close event.
  if (Array.isArray(result) && result.some(hasNullKey)) throw new ExactNeeded('null key');
};

/**
 * The document as plain data, or {@link NEEDS_EXACT} when the `yaml` package must decide
 * (including every syntax error, so that messages and positions stay those of `yaml`).
 *
 * @example
 * ```ts
 * fastYaml('a: 0o17\nb: 2001-12-14\nc: yes\n'); // { a: 15, b: '2001-12-14', c: 'yes' }
 * fastYaml('a: &x 1\nb: *x\n') === NEEDS_EXACT; // true
 * ```
 */
const fastYaml = (content: string): unknown => {
  if (UNSAFE.some((pattern) => pattern.test(content)) || hasLenientLines(content)) {
    return NEEDS_EXACT;
  }
  try {
    return load(content, { schema: CORE_SCHEMA, listener });
  } catch {
    // A syntax error, an unknown tag, nesting beyond js-yaml's own limit, or ExactNeeded.
    return NEEDS_EXACT;
  }
};

export { fastYaml, NEEDS_EXACT };
