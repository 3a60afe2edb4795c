/** PUT, POST, PATCH and DELETE on resources (`apisix/admin/resource.lua`). */
import type { AdminRequest, Ctx } from './context.js';
import { decryptField, encryptField, transformPlugins } from './crypto.js';
import { clone, isObject } from './json.js';
import { validate } from './jsonschema.js';
import { mergePatch, patchPath, tableOf } from './patch.js';
import { duplicateKey } from './plugin-check.js';
import { deleteBlocked } from './refs.js';
import { errorMsg, json, nginxPage, type Reply } from './reply.js';
import { checkConf, keyOf, type Target } from './target.js';
import type { Json, JsonObject } from './types.js';
import { atLeast } from './version.js';

const now = () => Math.floor(Date.now() / 1000);

/** Encrypts what APISIX stores encrypted: plugin `encrypt_fields` (3.10+) and SSL keys. */
function sealValue(ctx: Ctx, target: Target, value: JsonObject, transform = encryptField): void {
  if (atLeast(ctx.version, '3.10.0') && target.def.pluginScope) {
    transformPlugins(value.plugins, ctx.registry, target.def.pluginScope === 'consumer', transform);
  }
  if (target.def.name !== 'ssls') return;
  if (typeof value.key === 'string') value.key = transform(value.key);
  if (Array.isArray(value.keys))
    value.keys = value.keys.map((k) => (typeof k === 'string' ? transform(k) : k));
}

function ttlOf(req: AdminRequest): number | undefined {
  const ttl = req.query.get('ttl');
  return ttl === null ? undefined : Number(ttl);
}

/** A PUT/POST body as `check_conf` sees it; undefined answers 500 (a scalar body crashes APISIX). */
function confOf(body: Json): { conf: JsonObject; emptyArray: boolean } | undefined {
  if (isObject(body)) return { conf: body, emptyArray: false };
  if (Array.isArray(body)) return { conf: tableOf(body), emptyArray: body.length === 0 };
  return undefined;
}

function consumerMissing(ctx: Ctx, target: Target): Reply | undefined {
  if (target.def.name !== 'credentials') return undefined;
  const exists = ctx.store.get('consumers', `/apisix/consumers/${target.consumer ?? ''}`);
  return exists ? undefined : errorMsg(404, 'consumer not found', true);
}

function storeWrite(
  ctx: Ctx,
  req: AdminRequest,
  target: Target,
  id: Json,
  conf: JsonObject,
  stored: Json,
): Reply {
  const dir = target.def.name === 'consumers' ? 'consumers' : target.dir;
  const key = keyOf({ ...target, dir }, id);
  const previous = ctx.store.get(dir, key);
  if (isObject(stored) && !target.def.noTimestamps) {
    const prev = previous && isObject(previous.value) ? previous.value.create_time : undefined;
    stored.create_time = prev ?? now();
    stored.update_time = now();
  }
  const dup = duplicateCheck(ctx, target, conf, id);
  if (dup) return errorMsg(400, dup, true);
  if (isObject(stored)) sealValue(ctx, target, stored);
  const { created } = ctx.store.put(dir, key, stored, ttlOf(req));
  return json(created ? 201 : 200, { key, value: stored }, true);
}

function duplicateCheck(ctx: Ctx, target: Target, conf: JsonObject, id: Json): string | undefined {
  if (!atLeast(ctx.version, '3.18.0')) return undefined;
  if (target.def.name === 'consumers')
    return duplicateKey(ctx, conf.plugins, { username: String(id) });
  if (target.def.name === 'credentials') {
    return duplicateKey(ctx, conf.plugins, {
      username: target.consumer ?? '',
      credentialId: String(id),
    });
  }
  return undefined;
}

function putMetadata(ctx: Ctx, req: AdminRequest, target: Target, conf: JsonObject): Reply {
  const name = target.id;
  if (!name) return errorMsg(400, 'missing plugin name', true);
  const def = ctx.registry.get(name);
  if (!def) return errorMsg(400, 'invalid plugin name', true);
  const schema = def.metadataSchema ?? { type: 'object' };
  const subject = atLeast(ctx.version, '3.14.0') ? clone(conf) : conf;
  const err = validate(schema, subject, true);
  if (err) return errorMsg(400, `invalid configuration: ${err}`, true);
  conf.id = name;
  return storeWrite(ctx, req, target, name, conf, conf);
}

/**
 * PUT `/apisix/admin/<res>[/<id>]`.
 *
 * @example
 * ```ts
 * put(ctx, req, target, { uri: '/a', upstream_id: 'u1' });
 * ```
 */
function put(ctx: Ctx, req: AdminRequest, target: Target, body: Json | undefined): Reply {
  if (body === undefined) return errorMsg(400, 'missing configurations', true);
  const parsed = confOf(body);
  if (!parsed) return nginxPage(500);
  const missing = consumerMissing(ctx, target);
  if (missing) return missing;
  if (target.def.name === 'plugin_metadata') return putMetadata(ctx, req, target, parsed.conf);
  const result = checkConf(ctx, target, parsed.conf, {
    urlId: target.id,
    needId: target.def.needId,
    allowTime: false,
    checkRefs: true,
  });
  if (!result.ok) return errorMsg(400, result.msg, true);
  const id = target.def.name === 'consumers' ? (parsed.conf.username as Json) : (result.id as Json);
  // `PUT []` really stores an empty array (no id, no timestamps).
  const stored: Json = parsed.emptyArray ? [] : parsed.conf;
  return storeWrite(ctx, req, target, id, parsed.conf, stored);
}

/** POST `/apisix/admin/<res>`: the id is the zero-padded revision of a `/gen_id` write. */
function post(ctx: Ctx, req: AdminRequest, target: Target, body: Json | undefined): Reply {
  if (body === undefined) return errorMsg(400, 'missing configurations', true);
  const parsed = confOf(body);
  if (!parsed) return nginxPage(500);
  const result = checkConf(ctx, target, parsed.conf, {
    urlId: target.id,
    needId: false,
    allowTime: false,
    checkRefs: true,
  });
  if (!result.ok) return errorMsg(400, result.msg, true);
  const id = String(ctx.store.nextRevision()).padStart(20, '0');
  parsed.conf.id = id;
  return storeWrite(ctx, req, target, id, parsed.conf, parsed.conf);
}

/**
 * Applies the PATCH body, then the timestamps as `inject_timestamp(node, nil, patch)` does: a
 * lost `create_time` is now; `update_time` is now unless a whole-object PATCH carried one (kept
 * as sent, so a wrong type fails validation next, as in APISIX).
 */
function patchBody(node: JsonObject, target: Target, body: Json): string | undefined {
  const whole = target.sub.length === 0;
  if (whole) mergePatch(node, Array.isArray(body) ? tableOf(body) : (body as JsonObject));
  const err = whole ? undefined : patchPath(node, target.sub, body);
  if (err) return err;
  node.create_time ??= now();
  const sentTime = whole && isObject(body) && body.update_time !== undefined;
  if (!sentTime || node.update_time === undefined) node.update_time = now();
  return undefined;
}

/**
 * PATCH `/apisix/admin/<res>/<id>[/<sub/path>]`: merge or sub-path set, then full re-validation.
 *
 * @example
 * ```ts
 * patch(ctx, req, target, { desc: 'after' });
 * ```
 */
function patch(ctx: Ctx, req: AdminRequest, target: Target, body: Json | undefined): Reply {
  if (!target.id)
    return errorMsg(
      400,
      target.def.name === 'secrets' ? 'no secret id' : `missing ${target.def.kind} id`,
      true,
    );
  if (body === undefined) return errorMsg(400, 'missing new configuration', true);
  if (target.sub.length === 0 && !isObject(body) && !Array.isArray(body))
    return errorMsg(400, 'invalid configuration', true);
  const id = target.def.name === 'secrets' ? `${target.manager ?? ''}/${target.id}` : target.id;
  const entry = ctx.store.get(target.dir, keyOf(target, id));
  if (!entry || !isObject(entry.value)) return json(404, { message: 'Key not found' }, true);
  const node = clone(entry.value);
  // 3.18 decrypts before merging (older versions encrypt the stored ciphertext again); SSL keys
  // are always handled in plaintext here.
  if (atLeast(ctx.version, '3.18.0')) sealValue(ctx, target, node, decryptField);
  else if (target.def.name === 'ssls')
    sealValue(
      ctx,
      { ...target, def: { ...target.def, pluginScope: undefined } },
      node,
      decryptField,
    );
  const subErr = patchBody(node, target, clone(body));
  if (subErr) return errorMsg(400, subErr, true);
  const result = checkConf(ctx, target, node, {
    urlId: target.id,
    needId: true,
    allowTime: true,
    checkRefs: true,
  });
  if (!result.ok) return errorMsg(400, result.msg, true);
  sealValue(ctx, target, node);
  ctx.store.put(target.dir, entry.key, node, ttlOf(req));
  return json(200, { key: entry.key, value: node }, true);
}

/** DELETE `/apisix/admin/<res>/<id>[?force=true]`. */
function remove(ctx: Ctx, req: AdminRequest, target: Target): Reply {
  if (!target.id) return errorMsg(400, `missing ${target.def.kind} id`, true);
  const id = target.def.name === 'secrets' ? `${target.manager ?? ''}/${target.id}` : target.id;
  if (target.def.deleteChecked && req.query.get('force') !== 'true') {
    const blocked = deleteBlocked(ctx, target.def.name, id);
    if (blocked) return errorMsg(400, blocked, true);
  }
  const key = keyOf(target, id);
  if (target.def.name === 'consumers') ctx.store.deleteDir(`consumers/${id}/credentials`);
  if (!ctx.store.delete(target.dir, key)) return json(404, { message: 'Key not found' }, true);
  return json(200, { deleted: '1', key }, true);
}

export { patch, post, put, remove, sealValue };
