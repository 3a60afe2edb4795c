/**
 * Test-only oracle: the emulator's former JSON-schema interpreter, kept verbatim (walks the schema
 * on every call) so the compiled validator can be checked against it value for value.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { deepEqual, isObject, jsonType } from '../../../lib/emulator/apisix-admin/json.js';
import type { Schema } from '../../../lib/emulator/apisix-admin/jsonschema.js';
import type { Json, JsonObject } from '../../../lib/emulator/apisix-admin/types.js';

type Result = string | undefined;

function typeMatches(expected: string, value: Json): boolean {
  const actual = jsonType(value);
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  return actual === expected;
}

function checkType(schema: Schema, value: Json): Result {
  if (schema.type === undefined) return undefined;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.some((t) => typeMatches(t, value))) return undefined;
  const expected = types.length === 1 ? types[0] : `one of ${types.join(', ')}`;
  // Lua has one number type: an integer where a string is expected is reported as "number".
  const actual = jsonType(value) === 'integer' ? 'number' : jsonType(value);
  return `wrong type: expected ${expected}, got ${actual}`;
}

function checkProperties(schema: Schema, obj: JsonObject, inject: boolean): Result {
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const present = obj[name];
    if (present === undefined) {
      if (inject && sub.default !== undefined) obj[name] = structuredClone(sub.default as Json);
      continue;
    }
    const err = validate(sub, present, inject);
    if (err) return `property "${name}" validation failed: ${err}`;
  }
  return undefined;
}

function checkExtraProperties(schema: Schema, obj: JsonObject, inject: boolean): Result {
  for (const [key, val] of Object.entries(obj)) {
    if (schema.properties && key in schema.properties) continue;
    let matched = false;
    for (const [pattern, sub] of Object.entries(schema.patternProperties ?? {})) {
      if (!new RegExp(pattern).test(key)) continue;
      matched = true;
      const err = validate(sub, val, inject);
      if (err) return `property "${key}" validation failed: ${err}`;
    }
    if (
      matched ||
      schema.additionalProperties === undefined ||
      schema.additionalProperties === true
    )
      continue;
    if (schema.additionalProperties === false)
      return `additional properties forbidden, found ${key}`;
    const err = validate(schema.additionalProperties, val, inject);
    if (err) return `property "${key}" validation failed: ${err}`;
  }
  return undefined;
}

function checkDependencies(schema: Schema, obj: JsonObject): Result {
  for (const [key, dep] of Object.entries(schema.dependencies ?? {})) {
    if (obj[key] === undefined) continue;
    if (Array.isArray(dep)) {
      const missing = dep.find((d) => obj[d] === undefined);
      if (missing) return `property "${missing}" is required when "${key}" is set`;
    } else {
      const err = validate(dep, obj, false);
      if (err) return `failed to validate dependent schema for "${key}": ${err}`;
    }
  }
  return undefined;
}

function checkObject(schema: Schema, obj: JsonObject, inject: boolean): Result {
  const count = Object.keys(obj).length;
  if (schema.minProperties !== undefined && count < schema.minProperties) {
    return `expect object to have at least ${schema.minProperties} properties`;
  }
  if (schema.maxProperties !== undefined && count > schema.maxProperties) {
    return `expect object to have at most ${schema.maxProperties} properties`;
  }
  const missing = (schema.required ?? []).find((name) => obj[name] === undefined);
  if (missing) return `property "${missing}" is required`;
  return (
    checkProperties(schema, obj, inject) ??
    checkExtraProperties(schema, obj, inject) ??
    checkDependencies(schema, obj)
  );
}

function checkArray(schema: Schema, arr: Json[], inject: boolean): Result {
  if (schema.minItems !== undefined && arr.length < schema.minItems) {
    return `expect array to have at least ${schema.minItems} items`;
  }
  if (schema.maxItems !== undefined && arr.length > schema.maxItems) {
    return `expect array to have at most ${schema.maxItems} items`;
  }
  if (schema.uniqueItems) {
    for (let i = 0; i < arr.length; i++) {
      for (let j = i + 1; j < arr.length; j++) {
        if (deepEqual(arr[i], arr[j]))
          return `expected unique items but items ${i + 1} and ${j + 1} are equal`;
      }
    }
  }
  if (schema.items) {
    for (const [i, item] of arr.entries()) {
      const err = validate(schema.items, item, inject);
      if (err) return `failed to validate item ${i + 1}: ${err}`;
    }
  }
  return undefined;
}

function checkString(schema: Schema, str: string): Result {
  const length = [...str].length;
  const min = Number(schema.minLength ?? 0);
  if (length < min) return `string too short, expected at least ${min}, got ${length}`;
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    return `string too long, expected at most ${schema.maxLength}, got ${length}`;
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(str)) {
    return `failed to match pattern "${schema.pattern}" with "${str}"`;
  }
  if (schema.format === 'ipv4' && !isIPv4(str)) return `expect valid ipv4 address, got ${str}`;
  if (schema.format === 'ipv6' && !isIPv6(str)) return `expect valid ipv6 address, got ${str}`;
  return undefined;
}

function checkNumber(schema: Schema, num: number): Result {
  if (schema.minimum !== undefined && num < schema.minimum)
    return `expected ${num} to be at least ${schema.minimum}`;
  if (schema.maximum !== undefined && num > schema.maximum)
    return `expected ${num} to be at most ${schema.maximum}`;
  if (schema.exclusiveMinimum !== undefined && num <= schema.exclusiveMinimum) {
    return `expected ${num} to be greater than ${schema.exclusiveMinimum}`;
  }
  if (schema.exclusiveMaximum !== undefined && num >= schema.exclusiveMaximum) {
    return `expected ${num} to be smaller than ${schema.exclusiveMaximum}`;
  }
  return undefined;
}

function requiredLists(branches: Schema[]): string {
  const lists = branches.filter((b) => b.required).map((b) => JSON.stringify(b.required));
  return lists.length > 0 ? `: ${lists.join(' or ')}` : '';
}

/** Runs `schema` without injection to decide, then with injection when the branch is taken. */
function branch(schema: Schema, value: Json, inject: boolean): Result {
  const err = validate(schema, value, false);
  if (!err && inject) validate(schema, value, true);
  return err;
}

function checkCombinators(schema: Schema, value: Json, inject: boolean): Result {
  for (const [i, sub] of (schema.allOf ?? []).entries()) {
    const err = validate(sub, value, inject);
    if (err) return `allOf ${i + 1} failed: ${err}`;
  }
  if (schema.anyOf && !schema.anyOf.some((sub) => !branch(sub, value, inject))) {
    return `object matches none of the required${requiredLists(schema.anyOf)}`;
  }
  if (schema.oneOf) {
    const matches = schema.oneOf.flatMap((sub, i) => (validate(sub, value, false) ? [] : [i]));
    if (matches.length === 0) return 'value should match only one schema, but matches none';
    if (matches.length > 1) {
      return `value should match only one schema, but matches both schemas ${(matches[0] ?? 0) + 1} and ${(matches[1] ?? 0) + 1}`;
    }
    if (inject) validate(schema.oneOf[matches[0] ?? 0] as Schema, value, true);
  }
  if (schema.not && !validate(schema.not, value, false))
    return "value wasn't supposed to match schema";
  if (schema.if) {
    const taken = validate(schema.if, value, false) ? schema.else : schema.then;
    const clause = taken === schema.then ? 'then' : 'else';
    if (taken && branch(taken, value, inject)) return `${clause} clause did not match`;
  }
  return undefined;
}

/** Validates `value` against `schema` by walking it (the former implementation). */
function validate(schema: Schema, value: Json, inject: boolean): Result {
  const typeError = checkType(schema, value);
  if (typeError) return typeError;
  let err: Result;
  if (isObject(value)) err = checkObject(schema, value, inject);
  else if (Array.isArray(value)) err = checkArray(schema, value, inject);
  else if (typeof value === 'string') err = checkString(schema, value);
  else if (typeof value === 'number') err = checkNumber(schema, value);
  if (err) return err;
  if (schema.enum && !schema.enum.some((candidate) => deepEqual(candidate, value))) {
    return 'matches none of the enum values';
  }
  return checkCombinators(schema, value, inject);
}

export { validate as interpret };
