/**
 * Validation of a standalone-shaped document (`/configs/validate` and standalone PUT): the full
 * resource checkers without reference checks, plus duplicate ids and conf_version types.
 */
import { CHECKERS } from './checkers.js';
import type { Ctx } from './context.js';
import { clone, isObject, jsonType } from './json.js';
import { validate } from './jsonschema.js';
import { SECRET_SCHEMAS } from './schemas/resources.js';
import type { JsonObject } from './types.js';

/** The 13 resource keys of a standalone document (HTTP ∪ stream etcd directories). */
const DOC_TYPES = [
  'routes',
  'services',
  'upstreams',
  'consumers',
  'ssls',
  'global_rules',
  'plugin_metadata',
  'plugin_configs',
  'consumer_groups',
  'protos',
  'secrets',
  'stream_routes',
  'plugins',
];

interface DocError {
  resource_type: string;
  resource_id?: string;
  index?: number;
  error: string;
}

const CREDENTIAL_ID = /^[a-zA-Z0-9-_]+\/credentials\/[a-zA-Z0-9-_.]+$/;

function checkMetadata(ctx: Ctx, item: JsonObject): string | undefined {
  const def = ctx.registry.get(String(item.id));
  if (!def) return 'invalid plugin name';
  const { id: _id, ...rest } = item;
  const err = validate(def.metadataSchema ?? { type: 'object' }, rest, true);
  return err ? `invalid configuration: ${err}` : undefined;
}

function checkSecretItem(item: JsonObject): string | undefined {
  const [manager, ...rest] = String(item.id).split('/');
  const schema = SECRET_SCHEMAS[manager ?? ''];
  if (!schema || rest.length === 0) return `invalid secret id: ${String(item.id)}`;
  const { id: _id, ...conf } = item;
  const err = validate(schema, conf, true);
  return err ? `invalid configuration: ${err}` : undefined;
}

function checkItem(ctx: Ctx, type: string, raw: JsonObject): string | undefined {
  const item = clone(raw);
  if (typeof item.modifiedIndex === 'number') delete item.modifiedIndex;
  if (type === 'plugin_metadata') return checkMetadata(ctx, item);
  if (type === 'secrets') return checkSecretItem(item);
  if (type === 'consumers' && typeof item.id === 'string' && item.id.includes('/credentials/')) {
    if (!CREDENTIAL_ID.test(item.id)) return `invalid credential id: ${item.id}`;
    delete item.id;
    return CHECKERS.credentials?.(ctx, { conf: item, checkRefs: false });
  }
  return CHECKERS[type]?.(ctx, { conf: item, checkRefs: false });
}

function duplicateMessage(type: string, item: JsonObject): [string, string] | undefined {
  if (type === 'consumers') {
    if (typeof item.username === 'string')
      return [item.username, `found duplicate username ${item.username} in consumers`];
    if (item.id !== undefined)
      return [
        `cred:${String(item.id)}`,
        `found duplicate credential id ${String(item.id)} in consumers`,
      ];
    return undefined;
  }
  return item.id === undefined
    ? undefined
    : [String(item.id), `found duplicate id ${String(item.id)} in ${type}`];
}

function itemId(item: JsonObject): string | undefined {
  const id = item.id ?? item.username;
  return id === undefined ? undefined : String(id);
}

function checkType(
  ctx: Ctx,
  doc: JsonObject,
  type: string,
  errors: DocError[],
  firstOnly: boolean,
): void {
  const version = doc[`${type}_conf_version`];
  if (version !== undefined && typeof version !== 'number') {
    errors.push({
      resource_type: type,
      error: `${type}_conf_version must be a number, got ${jsonType(version)}`,
    });
  }
  const items = doc[type];
  if (!Array.isArray(items) || type === 'plugins') return;
  const seen = new Set<string>();
  for (const [index, raw] of items.entries()) {
    if (firstOnly && errors.length > 0) return;
    if (!isObject(raw)) continue;
    const dup = duplicateMessage(type, raw);
    const id = itemId(raw);
    let error = dup && seen.has(dup[0]) ? dup[1] : undefined;
    if (dup) seen.add(dup[0]);
    error ??= checkItem(ctx, type, raw);
    if (error)
      errors.push({
        resource_type: type,
        ...(id === undefined ? {} : { resource_id: id }),
        index,
        error,
      });
  }
}

/**
 * Every error of `doc` (or the first only).
 *
 * @example
 * ```ts
 * validateDocument(ctx, { routes: [{ id: 'r1', uri: 1 }] }, false)[0]?.error;
 * ```
 */
function validateDocument(ctx: Ctx, doc: JsonObject, firstOnly: boolean): DocError[] {
  const errors: DocError[] = [];
  for (const type of DOC_TYPES) {
    if (firstOnly && errors.length > 0) break;
    checkType(ctx, doc, type, errors, firstOnly);
  }
  return errors;
}

export type { DocError };
export { DOC_TYPES, validateDocument };
