/** PATCH semantics (`core/table.lua` merge and patch). */
import { isObject } from './json.js';
import type { Json, JsonObject } from './types.js';

/**
 * Deep merge of a whole-object PATCH: objects merge, arrays replace, `null` deletes (in place).
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
    else if (isObject(value) && isObject(current)) mergePatch(current, value);
    else origin[key] = value;
  }
  return origin;
}

/**
 * Sets `value` at a sub-path, creating missing intermediate objects. A non-object on the way
 * answers `invalid sub-path: /…` with the segments joined by `1`, as APISIX really does.
 *
 * @example
 * ```ts
 * patchPath(route, ['labels', 'team'], 'edge'); // undefined (ok)
 * ```
 */
function patchPath(node: JsonObject, segments: string[], value: Json): string | undefined {
  let current: JsonObject = node;
  for (const segment of segments.slice(0, -1)) {
    current[segment] ??= {};
    const next = current[segment];
    if (!isObject(next)) return `invalid sub-path: /${segments.join('1')}`;
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
