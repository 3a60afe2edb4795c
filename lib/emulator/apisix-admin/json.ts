/** Small JSON helpers shared by the emulator modules. */
import type { Json, JsonObject } from './types.js';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy of JSON data (several times cheaper than `structuredClone` for small bodies). */
function clone<T extends Json | undefined>(value: T): T {
  return value === undefined ? value : (copy(value) as T);
}

function copy(value: Json): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copy);
  const proto: unknown = Object.getPrototypeOf(value);
  // Not plain data (a YAML binary, say): keep structuredClone's answer for it.
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const item = copy(value[key] as Json);
    // A `__proto__` key from JSON.parse is an own property; plain assignment would set the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[key] = item;
  }
  return out;
}

/** The JSON type name as APISIX's jsonschema reports it. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Structural equality (key order ignored). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

/** Reads a dot path (`value.id`) from a JSON value. */
function getPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

export { clone, deepEqual, getPath, isObject, jsonType };
