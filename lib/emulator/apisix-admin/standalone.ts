/** API-driven standalone mode: `/apisix/admin/configs` GET/PUT/HEAD (`apisix/admin/standalone.lua`). */
import { stringify as toYaml } from 'yaml';
import { checkToken } from './auth.js';
import { decodeBody } from './body.js';
import { configValidate } from './config-validate.js';
import type { AdminRequest, Ctx } from './context.js';
import { DOC_TYPES, validateDocument } from './documents.js';
import { isObject } from './json.js';
import { errorMsg, nginxPage, type Reply } from './reply.js';
import type { JsonObject } from './types.js';
import { atLeast } from './version.js';

/** The shared dict `standalone-config` is 10 MiB by default. */
const DICT_BYTES = 10 * 1024 * 1024;

function stateHeaders(ctx: Ctx): Record<string, string> {
  const out: Record<string, string> = {};
  if (ctx.standalone.lastModified !== undefined)
    out['X-Last-Modified'] = String(ctx.standalone.lastModified);
  if (ctx.standalone.digest !== undefined) out['X-Digest'] = ctx.standalone.digest;
  return out;
}

function getConfigs(ctx: Ctx, req: AdminRequest): Reply {
  let body: JsonObject;
  if (ctx.standalone.doc) {
    body = { ...ctx.standalone.doc };
    if (ctx.standalone.lastModified !== undefined)
      body['X-Last-Modified'] = ctx.standalone.lastModified;
    if (ctx.standalone.digest !== undefined) body['X-Digest'] = ctx.standalone.digest;
  } else {
    body = Object.fromEntries(DOC_TYPES.map((type) => [`${type}_conf_version`, 0]));
  }
  if (String(req.headers.accept ?? '').includes('application/yaml')) {
    const raw = toYaml(body);
    return {
      status: 200,
      raw,
      headers: { ...stateHeaders(ctx), 'Content-Type': 'application/yaml' },
    };
  }
  return { status: 200, body, headers: stateHeaders(ctx) };
}

function firstError(ctx: Ctx, doc: JsonObject): string | undefined {
  const [error] = validateDocument(ctx, doc, true);
  if (!error) return undefined;
  if (error.index === undefined || error.error.startsWith('found duplicate')) return error.error;
  // 3.14–3.16 prefixed the checker message; 3.17 returns it raw.
  if (atLeast(ctx.version, '3.17.0') || !atLeast(ctx.version, '3.14.0')) return error.error;
  return `invalid ${error.resource_type} at index ${error.index}, err: ${error.error}`;
}

function nextDocument(ctx: Ctx, payload: JsonObject): JsonObject | string {
  const current = ctx.standalone.doc ?? {};
  const next: JsonObject = {};
  for (const type of DOC_TYPES) {
    const versionKey = `${type}_conf_version`;
    const had = typeof current[versionKey] === 'number' ? (current[versionKey] as number) : 0;
    const sent = payload[versionKey];
    const wanted = typeof sent === 'number' ? sent : had + 1;
    if (wanted < had) return `${versionKey} must be greater than or equal to (${had})`;
    const items = wanted === had ? current[type] : payload[type];
    if (Array.isArray(items) && items.length > 0) next[type] = items;
    next[versionKey] = wanted;
  }
  return next;
}

function putConfigs(ctx: Ctx, req: AdminRequest): Reply {
  const digestHeader = req.headers['x-digest'];
  const digest = Array.isArray(digestHeader) ? digestHeader[0] : digestHeader;
  if (atLeast(ctx.version, '3.14.0') && !digest) return errorMsg(400, 'missing digest header');
  const decoded = decodeBody(req, { limit: false, echo: false, yaml: true });
  if (!decoded.ok) return decoded.reply;
  if (decoded.value === undefined) return errorMsg(400, 'invalid request body: empty request body');
  if (digest !== undefined && digest === ctx.standalone.digest) return { status: 204, raw: '' };
  const payload = isObject(decoded.value) ? { ...decoded.value } : {};
  delete payload['X-Last-Modified'];
  delete payload['X-Digest'];
  const invalid = firstError(ctx, payload);
  if (invalid) return errorMsg(400, invalid);
  const next = nextDocument(ctx, payload);
  if (typeof next === 'string') return errorMsg(400, next);
  if (JSON.stringify(next).length > DICT_BYTES) {
    return { status: 500, raw: 'failed to save config to shared dict: no memory' };
  }
  ctx.standalone.doc = next;
  ctx.standalone.lastModified = Math.floor(Date.now() / 1000);
  if (digest !== undefined) ctx.standalone.digest = digest;
  return { status: 202, raw: '', headers: stateHeaders(ctx) };
}

/**
 * Answers one admin request in standalone mode (everything but `/configs` is nginx's 404).
 *
 * @example
 * ```ts
 * dispatchStandalone(ctx, req);
 * ```
 */
function dispatchStandalone(ctx: Ctx, req: AdminRequest): Reply {
  const [first, second, third] = req.segments;
  if (req.segments.length === 0 && req.method === 'HEAD' && atLeast(ctx.version, '3.13.0'))
    return { status: 200, raw: '' };
  if (
    first === 'configs' &&
    second === 'validate' &&
    !third &&
    req.method === 'POST' &&
    atLeast(ctx.version, '3.15.0')
  ) {
    return checkToken(ctx, req) ?? configValidate(ctx, req);
  }
  if (first !== 'configs' || second !== undefined) return nginxPage(404);
  const methods = atLeast(ctx.version, '3.14.0') ? ['GET', 'PUT', 'HEAD'] : ['GET', 'PUT'];
  if (!methods.includes(req.method)) return nginxPage(req.method === 'TRACE' ? 405 : 404);
  const denied = checkToken(ctx, req);
  if (denied) return denied;
  if (req.method === 'PUT') return putConfigs(ctx, req);
  if (req.method === 'HEAD') return { status: 200, raw: '', headers: stateHeaders(ctx) };
  return getConfigs(ctx, req);
}

export { dispatchStandalone };
