/**
 * Compiles a schema once into closures, cached per schema object, so a request pays only for the
 * keywords its schema has instead of re-walking every keyword and rebuilding regular expressions.
 * The closures keep the interpreter's exact order of checks, injections and messages; trial
 * branches (`anyOf`, `oneOf`, `not`, `if`) run without building messages nobody reads.
 */

import { clone, deepEqual, isObject } from './json.js';
import {
  compileEnum,
  compileNumber,
  compileString,
  compileType,
  FAIL,
  lazyRegExp,
} from './jsonschema-keywords.js';
import type { Check, Result, Schema } from './jsonschema-types.js';
import type { Json, JsonObject } from './types.js';

const compiled = new WeakMap<Schema, Check>();

/** `additionalProperties`/`patternProperties` over the keys `properties` does not name. */
function compileExtras(schema: Schema): Check<JsonObject> | undefined {
  const props = schema.properties;
  const patterns = Object.entries(schema.patternProperties ?? {}).map(([pattern, sub]) => ({
    test: lazyRegExp(pattern),
    check: compile(sub),
  }));
  const additional = schema.additionalProperties;
  // Without either keyword the interpreter's loop visited every key and did nothing.
  if (patterns.length === 0 && (additional === undefined || additional === true)) return undefined;
  const other = typeof additional === 'object' ? compile(additional) : undefined;
  return (obj, inject, msg) => {
    for (const [key, val] of Object.entries(obj)) {
      if (props && key in props) continue;
      let matched = false;
      for (const { test, check } of patterns) {
        if (!test(key)) continue;
        matched = true;
        const err = check(val, inject, msg);
        if (err) return msg ? `property "${key}" validation failed: ${err}` : FAIL;
      }
      if (matched || additional === undefined || additional === true) continue;
      if (!other) return msg ? `additional properties forbidden, found ${key}` : FAIL;
      const err = other(val, inject, msg);
      if (err) return msg ? `property "${key}" validation failed: ${err}` : FAIL;
    }
    return undefined;
  };
}

function compileDependencies(schema: Schema): Check<JsonObject> | undefined {
  const deps = Object.entries(schema.dependencies ?? {}).map(
    ([key, dep]) => [key, Array.isArray(dep) ? dep : compile(dep)] as const,
  );
  if (deps.length === 0) return undefined;
  return (obj, _inject, msg) => {
    for (const [key, dep] of deps) {
      if (obj[key] === undefined) continue;
      if (Array.isArray(dep)) {
        const missing = dep.find((d) => obj[d] === undefined);
        if (missing) return msg ? `property "${missing}" is required when "${key}" is set` : FAIL;
      } else {
        const err = dep(obj, false, msg);
        if (err) return msg ? `failed to validate dependent schema for "${key}": ${err}` : FAIL;
      }
    }
    return undefined;
  };
}

function compileObject(schema: Schema): Check<JsonObject> {
  const { minProperties: minP, maxProperties: maxP } = schema;
  const required = schema.required ?? [];
  const props = Object.entries(schema.properties ?? {}).map(([name, sub]) => ({
    name,
    check: compile(sub),
    fallback: sub.default,
  }));
  const extras = compileExtras(schema);
  const deps = compileDependencies(schema);
  return (obj, inject, msg) => {
    if (minP !== undefined || maxP !== undefined) {
      const count = Object.keys(obj).length;
      if (minP !== undefined && count < minP)
        return msg ? `expect object to have at least ${minP} properties` : FAIL;
      if (maxP !== undefined && count > maxP)
        return msg ? `expect object to have at most ${maxP} properties` : FAIL;
    }
    const missing = required.find((name) => obj[name] === undefined);
    if (missing) return msg ? `property "${missing}" is required` : FAIL;
    for (const { name, check, fallback } of props) {
      const present = obj[name];
      if (present === undefined) {
        if (inject && fallback !== undefined) obj[name] = clone(fallback);
        continue;
      }
      const err = check(present, inject, msg);
      if (err) return msg ? `property "${name}" validation failed: ${err}` : FAIL;
    }
    return extras?.(obj, inject, msg) ?? deps?.(obj, inject, msg);
  };
}

function compileArray(schema: Schema): Check<Json[]> {
  const { minItems, maxItems, uniqueItems } = schema;
  const items = schema.items ? compile(schema.items) : undefined;
  return (arr, inject, msg) => {
    if (minItems !== undefined && arr.length < minItems)
      return msg ? `expect array to have at least ${minItems} items` : FAIL;
    if (maxItems !== undefined && arr.length > maxItems)
      return msg ? `expect array to have at most ${maxItems} items` : FAIL;
    if (uniqueItems) {
      for (let i = 0; i < arr.length; i++) {
        for (let j = i + 1; j < arr.length; j++) {
          if (deepEqual(arr[i], arr[j]))
            return msg ? `expected unique items but items ${i + 1} and ${j + 1} are equal` : FAIL;
        }
      }
    }
    if (!items) return undefined;
    for (let i = 0; i < arr.length; i++) {
      const err = items(arr[i] as Json, inject, msg);
      if (err) return msg ? `failed to validate item ${i + 1}: ${err}` : FAIL;
    }
    return undefined;
  };
}

function requiredLists(branches: Schema[]): string {
  const lists = branches.filter((b) => b.required).map((b) => JSON.stringify(b.required));
  return lists.length > 0 ? `: ${lists.join(' or ')}` : '';
}

/** Decides without injecting, then injects when the branch is taken (its message is unused). */
function branch(check: Check, value: Json, inject: boolean): Result {
  const err = check(value, false, false);
  if (!err && inject) check(value, true, false);
  return err;
}

/** Index of the only matching branch, -1 for none, -2 for more than one (then `both`). */
function oneMatch(branches: Check[], value: Json, both: [number, number]): number {
  let found = -1;
  for (const [i, check] of branches.entries()) {
    if (check(value, false, false)) continue;
    if (found >= 0) {
      both[0] = found + 1;
      both[1] = i + 1;
      return -2;
    }
    found = i;
  }
  return found;
}

function compileOneOf(branches: Check[]): Check {
  return (value, inject) => {
    const both: [number, number] = [0, 0];
    const match = oneMatch(branches, value, both);
    if (match === -1) return 'value should match only one schema, but matches none';
    if (match === -2)
      return `value should match only one schema, but matches both schemas ${both[0]} and ${both[1]}`;
    if (inject) branches[match]?.(value, true, false);
    return undefined;
  };
}

function compileCombinators(schema: Schema): Check | undefined {
  const allOf = (schema.allOf ?? []).map(compile);
  const anyOf = schema.anyOf?.map(compile);
  const anyOfMsg = `object matches none of the required${requiredLists(schema.anyOf ?? [])}`;
  const oneOf = schema.oneOf ? compileOneOf(schema.oneOf.map(compile)) : undefined;
  const not = schema.not ? compile(schema.not) : undefined;
  const cond = schema.if ? compile(schema.if) : undefined;
  const then = schema.then ? compile(schema.then) : undefined;
  const otherwise = schema.else ? compile(schema.else) : undefined;
  // The interpreter named the clause by identity: an `else` that is the `then` object reads "then".
  const elseClause = schema.else === schema.then ? 'then' : 'else';
  if (allOf.length === 0 && !anyOf && !oneOf && !not && !cond) return undefined;
  return (value, inject, msg) => {
    for (const [i, check] of allOf.entries()) {
      const err = check(value, inject, msg);
      if (err) return msg ? `allOf ${i + 1} failed: ${err}` : FAIL;
    }
    if (anyOf && !anyOf.some((check) => !branch(check, value, inject))) return anyOfMsg;
    const oneErr = oneOf?.(value, inject, msg);
    if (oneErr) return oneErr;
    if (not && !not(value, false, false)) return "value wasn't supposed to match schema";
    if (cond) {
      const passes = !cond(value, false, false);
      const taken = passes ? then : otherwise;
      if (taken && branch(taken, value, inject))
        return `${passes ? 'then' : elseClause} clause did not match`;
    }
    return undefined;
  };
}

function build(schema: Schema): Check {
  const type = compileType(schema);
  const object = compileObject(schema);
  const array = compileArray(schema);
  const string = compileString(schema);
  const number = compileNumber(schema);
  const inEnum = compileEnum(schema);
  const combinators = compileCombinators(schema);
  return (value, inject, msg) => {
    const typeError = type?.(value, msg);
    if (typeError) return typeError;
    let err: Result;
    if (isObject(value)) err = object(value, inject, msg);
    else if (Array.isArray(value)) err = array(value, inject, msg);
    else if (typeof value === 'string') err = string?.(value, msg);
    else if (typeof value === 'number') err = number?.(value);
    if (err) return err;
    if (inEnum && !inEnum(value)) return 'matches none of the enum values';
    return combinators?.(value, inject, msg);
  };
}

/**
 * The compiled check of `schema` (built on first use, then cached for the schema object's life).
 * Schemas are treated as immutable once compiled.
 *
 * @example
 * ```ts
 * compile({ type: 'string', minLength: 1 })('', false, true); // 'string too short, expected at least 1, got 0'
 * ```
 */
function compile(schema: Schema): Check {
  const hit = compiled.get(schema);
  if (hit) return hit;
  let built: Check | undefined;
  // A forward reference first, so a schema that contains itself compiles once.
  compiled.set(schema, (value, inject, msg) => (built as Check)(value, inject, msg));
  built = build(schema);
  compiled.set(schema, built);
  return built;
}

export { compile };
