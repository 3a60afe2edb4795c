/** List filters (`name`, `label`, `uri`, `filter=`) and pagination (`v3_adapter.lua`). */
import type { Ctx } from './context.js';
import { isObject } from './json.js';
import type { Reply } from './reply.js';
import type { Entry } from './store.js';
import type { Json } from './types.js';
import { atLeast } from './version.js';

function regexMatch(pattern: string, subject: string): boolean {
  try {
    return new RegExp(pattern).test(subject);
  } catch {
    return false;
  }
}

function uriMatch(pattern: string, value: Json): boolean {
  if (!isObject(value)) return false;
  if (typeof value.uri === 'string' && regexMatch(pattern, value.uri)) return true;
  return (
    Array.isArray(value.uris) &&
    value.uris.some((u) => typeof u === 'string' && regexMatch(pattern, u))
  );
}

function filterParams(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(raw))
    if (k === 'service_id' || k === 'upstream_id') out.set(k, v);
  return out;
}

type Predicate = (value: Json) => boolean;

function predicates(ctx: Ctx, resource: string, query: URLSearchParams): Predicate[] {
  const out: Predicate[] = [];
  const name = query.get('name');
  if (name !== null) {
    // Lua's tostring(nil) is "nil": an unnamed item is matched against that text.
    out.push((v) => regexMatch(name, isObject(v) && typeof v.name === 'string' ? v.name : 'nil'));
  }
  const label = query.get('label');
  if (label !== null)
    out.push(
      (v) => isObject(v) && isObject(v.labels) && label !== '' && v.labels[label] !== undefined,
    );
  const uri = query.get('uri');
  if (uri !== null) out.push((v) => uriMatch(uri, v));
  const filter = query.get('filter');
  if (
    filter !== null &&
    atLeast(ctx.version, '3.13.0') &&
    (resource === 'routes' || resource === 'stream_routes')
  ) {
    for (const [key, wanted] of filterParams(filter))
      out.push((v) => isObject(v) && v[key] === wanted);
  }
  return out;
}

/**
 * Filters and paginates a list; answers the list body or the plain-text `page_size` error.
 *
 * @example
 * ```ts
 * listReply(ctx, 'routes', entries, new URLSearchParams('page=1&page_size=10'), render);
 * ```
 */
function listReply(
  ctx: Ctx,
  resource: string,
  entries: Entry[],
  query: URLSearchParams,
  render: (entry: Entry) => Json,
): Reply {
  const tests = predicates(ctx, resource, query);
  let items = tests.length === 0 ? entries : entries.filter((e) => tests.every((t) => t(e.value)));
  const page = Number(query.get('page'));
  const pageSize = Number(query.get('page_size'));
  const paginate =
    query.get('page') !== null &&
    query.get('page_size') !== null &&
    !Number.isNaN(page) &&
    !Number.isNaN(pageSize);
  const total = items.length;
  if (paginate) {
    if (pageSize < 10 || pageSize > 500) {
      return { status: 400, raw: 'page_size must be between 10 and 500', apiVersion: true };
    }
    const start = (Math.max(page, 1) - 1) * pageSize;
    items = [...items]
      .sort((a, b) => a.createdIndex - b.createdIndex)
      .slice(start, start + pageSize);
    // Lua encodes the empty page table without its array marker: `{}`.
    if (items.length === 0) return { status: 200, body: { list: {}, total }, apiVersion: true };
  }
  return { status: 200, body: { list: items.map(render), total }, apiVersion: true };
}

export { listReply };
