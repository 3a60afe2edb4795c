/** PATCH semantics (`core/table.lua` merge and patch). */
import { isObject } from './json.js';
import type { Json, JsonObject } from './types.js';

/** Lua's `nkeys(t) ~= #t`: a table that is an object with at least one key (not an array). */
function isKeyedTable(value: Json | undefined): value is JsonObject {
  return isObject(value) && Object.keys(value).length > 0;
}

/**
 * Deep merge of a whole-object PATCH, as `core.table.merge`: `null` deletes; a value merges into
 * a non-empty object (an array merges as the table `{1: …, 2: …}` Lua sees); anything else,
 * an empty object or array on the stored side included, is replaced (in place).
 *
 * @example
 * ```ts
 * mergePatch({ a: { b: 1, c: 2 } }, { a: { c: null } }); // { a: { b: 1 } }
 * ```
 */
function mergePatch(origin: JsonObject, extend: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(extend)) {
    const current = origin[key];
    if (value === null) delete origin[key];
    else if (isKeyedTable(current) && (isObject(value) || Array.isArray(value)))
      mergePatch(current, Array.isArray(value) ? tableOf(value) : value);
    else origin[key] = value;
  }
  return origin;
}

/**
 * Sets `value` at a sub-path, creating missing intermediate objects. A non-object on the way
 * answers `invalid sub-path: /…` with the segments from the failing one on joined by `1`: APISIX
 * calls `table.concat(segments, 1, i)`, so `1` is the separator and `i` the first segment.
 *
 * @example
 * ```ts
 * patchPath(route, ['labels', 'team'], 'edge'); // undefined (ok)
 * ```
 */
function patchPath(node: JsonObject, segments: string[], value: Json): string | undefined {
  let current: JsonObject = node;
  for (const [i, segment] of segments.slice(0, -1).entries()) {
    current[segment] ??= {};
    const next = current[segment];
    if (!isObject(next)) return `invalid sub-path: /${segments.slice(i).join('1')}`;
    current = next;
  }
  const last = segments[segments.length - 1];
  if (last !== undefined) current[last] = value;
  return undefined;
}

/** Lua sees a JSON array body as a table keyed 1..n; validation then reports those keys. */
function tableOf(value: Json[]): JsonObject {
  return Object.fromEntries(value.map((item, i) => [String(i + 1), item]));
}

export { mergePatch, patchPath, tableOf };
