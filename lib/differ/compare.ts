/**
 * Structural comparison of two normalised bodies under a defaults tree, producing leaf changes.
 *
 * Rules: `undefined` ≡ absent; a key present on one side only is equal when its value deep-equals
 * the schema default at that path (at any depth, array items included); everything else is
 * compared exactly, arrays positionally.
 */
import { isPlainObject } from './normalize.js';
import type { Change, SchemaDefaults } from './types.js';

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/** `plugins.key-auth.header`, `nodes[0].host`, `labels["app.kubernetes.io/name"]`. */
function joinPath(path: string, key: string): string {
  if (!PLAIN_KEY.test(key)) {
    return `${path}[${JSON.stringify(key)}]`;
  }
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Deep equality of JSON-like values; `undefined` object members count as absent.
 *
 * @example
 * ```ts
 * deepEqual({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] }); // true
 * ```
 */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) {
    return false;
  }
  for (const key of Object.keys(a)) {
    if (!deepEqual(a[key], b[key])) {
      return false;
    }
  }
  for (const key of Object.keys(b)) {
    if (a[key] === undefined && b[key] !== undefined) {
      return false;
    }
  }
  return true;
}

/**
 * A one-sided value is a default when it equals the node's default, or when the default is an
 * object the server filled with sub-defaults (request-id `range_id: {}` stored as
 * `{ char_set, length }` is still the default).
 */
function isDefault(value: unknown, node: SchemaDefaults | undefined): boolean {
  const fallback = node?.default;
  if (fallback === undefined) {
    return false;
  }
  if (deepEqual(value, fallback)) {
    return true;
  }
  if (!isPlainObject(value) || !isPlainObject(fallback)) {
    return false;
  }
  const changes: Change[] = [];
  compareObjects(fallback, value, node, '', changes);
  return changes.length === 0;
}

function compareObjects(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  node: SchemaDefaults | undefined,
  path: string,
  out: Change[],
): void {
  const props = node?.properties;
  for (const key of Object.keys(after)) {
    compareAt(before[key], after[key], props?.[key], joinPath(path, key), out);
  }
  for (const key of Object.keys(before)) {
    if (after[key] === undefined) {
      compareAt(before[key], undefined, props?.[key], joinPath(path, key), out);
    }
  }
}

function compareArrays(
  before: readonly unknown[],
  after: readonly unknown[],
  node: SchemaDefaults | undefined,
  path: string,
  out: Change[],
): void {
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i += 1) {
    const at = `${path}[${i}]`;
    if (i >= before.length) {
      out.push({ path: at, after: after[i] });
    } else if (i >= after.length) {
      out.push({ path: at, before: before[i] });
    } else {
      compareAt(before[i], after[i], node?.items, at, out);
    }
  }
}

/** Appends to `out` the changes from `before` (live) to `after` (desired) at `path`. */
function compareAt(
  before: unknown,
  after: unknown,
  node: SchemaDefaults | undefined,
  path: string,
  out: Change[],
): void {
  if (before === undefined || after === undefined) {
    if (before === undefined && after === undefined) {
      return;
    }
    const present = before === undefined ? after : before;
    if (!isDefault(present, node)) {
      out.push(before === undefined ? { path, after } : { path, before });
    }
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    compareObjects(before, after, node, path, out);
  } else if (Array.isArray(before) && Array.isArray(after)) {
    compareArrays(before, after, node, path, out);
  } else if (!deepEqual(before, after)) {
    out.push({ path, before, after });
  }
}

/**
 * Lists what differs from `live` to `desired` (both already normalised), as leaf changes with
 * dotted paths; `[]` when they are equal under the defaults tree.
 *
 * @example
 * ```ts
 * compareBodies({ priority: 0, uri: '/a' }, { uri: '/b' }, { properties: { priority: { default: 0 } } });
 * // [{ path: 'uri', before: '/a', after: '/b' }]
 * ```
 */
function compareBodies(
  live: Readonly<Record<string, unknown>>,
  desired: Readonly<Record<string, unknown>>,
  tree: SchemaDefaults | undefined,
): Change[] {
  const out: Change[] = [];
  compareObjects(live, desired, tree, '', out);
  return out;
}

export { compareBodies, deepEqual, joinPath };
