/**
 * Pruning a gateway JSON schema (`GET /apisix/admin/schema/<type>`, `GET /apisix/admin/plugins/<name>`)
 * down to the {@link SchemaDefaults} tree the differ compares with: only `default` values and the
 * object/array structure that leads to them.
 */
import type { SchemaDefaults } from './types.js';

type JsonObject = Record<string, unknown>;

/** Keywords whose sub-schemas describe alternatives or additions to the same value. */
const BRANCH_LISTS = ['anyOf', 'oneOf', 'allOf'] as const;
const BRANCH_SINGLES = ['then', 'else'] as const;

/** Deep enough for every APISIX schema (upstream checks nest 5 levels); stops runaway recursion. */
const MAX_DEPTH = 32;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The branches of one schema node: itself, its combinator branches, and `dependencies` schemas. */
function branchesOf(schema: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  for (const key of BRANCH_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) {
      out.push(...list.filter(isObject));
    }
  }
  for (const key of BRANCH_SINGLES) {
    const branch = schema[key];
    if (isObject(branch)) {
      out.push(branch);
    }
  }
  const deps = schema.dependencies;
  if (isObject(deps)) {
    // Array-valued dependencies only list required keys; object-valued ones are schemas.
    out.push(...Object.values(deps).filter(isObject));
  }
  return out;
}

/**
 * Merges `from` into `into`: the first `default` seen wins (the node's own before any branch's),
 * properties merge recursively, items merge.
 */
function mergeInto(into: SchemaDefaults, from: SchemaDefaults): void {
  if (into.default === undefined && from.default !== undefined) {
    into.default = from.default;
  }
  if (from.items) {
    into.items = into.items ?? {};
    mergeInto(into.items, from.items);
  }
  if (from.properties) {
    into.properties = into.properties ?? {};
    for (const [key, child] of Object.entries(from.properties)) {
      const existing = into.properties[key];
      if (existing) {
        mergeInto(existing, child);
      } else {
        into.properties[key] = child;
      }
    }
  }
}

function isEmpty(node: SchemaDefaults): boolean {
  return node.default === undefined && !node.properties && !node.items;
}

function pruneOwn(schema: JsonObject, depth: number): SchemaDefaults {
  const node: SchemaDefaults = {};
  if (schema.default !== undefined) {
    node.default = schema.default;
  }
  if (isObject(schema.properties)) {
    for (const [key, child] of Object.entries(schema.properties)) {
      const pruned = isObject(child) ? prune(child, depth + 1) : undefined;
      if (pruned) {
        node.properties = node.properties ?? {};
        node.properties[key] = pruned;
      }
    }
  }
  // Tuple-form `items` (an array) has positional schemas; APISIX does not use it for defaults.
  if (isObject(schema.items)) {
    const items = prune(schema.items, depth + 1);
    if (items) {
      node.items = items;
    }
  }
  return node;
}

function prune(schema: JsonObject, depth: number): SchemaDefaults | undefined {
  if (depth > MAX_DEPTH) {
    return undefined;
  }
  const node = pruneOwn(schema, depth);
  for (const branch of branchesOf(schema)) {
    const pruned = prune(branch, depth + 1);
    if (pruned) {
      mergeInto(node, pruned);
    }
  }
  return isEmpty(node) ? undefined : node;
}

/**
 * Prunes a JSON schema to its defaults tree. Branches (`anyOf`, `oneOf`, `allOf`, `then`,
 * `else`, object-valued `dependencies`) are merged into their node: their properties join the
 * node's, and when two places give the same property different defaults, the node's own default
 * wins over a branch's and an earlier branch's over a later one (APISIX's plugin schemas repeat
 * the same default in every branch, e.g. limit-count `redis_timeout`). `$ref` is not followed:
 * APISIX serves its schemas inlined.
 *
 * @example
 * ```ts
 * defaultsFromJsonSchema({
 *   type: 'object',
 *   properties: { policy: { type: 'string', default: 'local' }, count: { type: 'integer' } },
 * });
 * // { properties: { policy: { default: 'local' } } }
 * ```
 */
function defaultsFromJsonSchema(schema: unknown): SchemaDefaults {
  return (isObject(schema) ? prune(schema, 0) : undefined) ?? {};
}

export { defaultsFromJsonSchema };
