/** The etcd-mode router (`apisix/admin/init.lua`): exact routes first, then resource dispatch. */
import { checkToken } from './auth.js';
import { decodeBody } from './body.js';
import { configValidate } from './config-validate.js';
import type { AdminRequest, Ctx } from './context.js';
import { pluginList, pluginsResource, schemaResource, schemaValidate } from './plugins-api.js';
import { get as read } from './read.js';
import { errorMsg, nginxPage, type Reply } from './reply.js';
import { RESOURCES, type ResourceDef } from './resources.js';
import { parseTarget } from './target.js';
import { atLeast } from './version.js';
import { patch, post, put, remove } from './write.js';

const RESOURCE_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'];

function resourceOf(ctx: Ctx, segments: string[]): ResourceDef | 'plugins' | 'schema' | undefined {
  const res = segments[0] ?? '';
  if (res === 'consumers' && segments[2] === 'credentials' && atLeast(ctx.version, '3.11.0'))
    return RESOURCES.credentials;
  if (res === 'plugins' || res === 'schema') return res;
  return res === 'credentials' ? undefined : RESOURCES[res];
}

function reload(ctx: Ctx, req: AdminRequest): Reply {
  if (req.method !== 'PUT') {
    return errorMsg(
      405,
      `please use PUT method to reload the plugins, ${req.method} method is not allowed.`,
    );
  }
  return checkToken(ctx, req) ?? { status: 200, raw: 'done' };
}

function exactRoute(ctx: Ctx, req: AdminRequest): Reply | undefined {
  const [first, second, third] = req.segments;
  if (
    first === 'configs' &&
    second === 'validate' &&
    !third &&
    req.method === 'POST' &&
    atLeast(ctx.version, '3.17.0')
  ) {
    return checkToken(ctx, req) ?? configValidate(ctx, req);
  }
  if (first === 'plugins' && second === 'list' && !third && req.method === 'GET') {
    return checkToken(ctx, req) ?? pluginList(ctx, req);
  }
  if (first === 'plugins' && second === 'reload' && !third) return reload(ctx, req);
  if (
    first === 'schema' &&
    second === 'validate' &&
    req.method === 'POST' &&
    atLeast(ctx.version, '3.5.0')
  ) {
    const denied = atLeast(ctx.version, '3.17.0') ? checkToken(ctx, req) : undefined;
    if (denied) return denied;
    const decoded = decodeBody(req, { limit: true, echo: true });
    return decoded.ok ? schemaValidate(ctx, third ?? '', decoded.value) : decoded.reply;
  }
  return undefined;
}

function run(ctx: Ctx, req: AdminRequest): Reply {
  const denied = checkToken(ctx, req);
  if (denied) return denied;
  if (req.segments[0] === 'stream_routes' && !ctx.streamMode) {
    return errorMsg(400, 'stream mode is disabled, can not add stream routes');
  }
  const resource = resourceOf(ctx, req.segments);
  if (!resource) return errorMsg(404, `Unsupported resource type: ${req.segments[0] ?? ''}`);
  if ((resource === 'plugins' || resource === 'schema') && req.method !== 'GET')
    return errorMsg(404, 'not found');
  const decoded = decodeBody(req, { limit: true, echo: true });
  if (!decoded.ok) return decoded.reply;
  const ttl = req.query.get('ttl');
  if (ttl !== null && (ttl === '' || Number.isNaN(Number(ttl)))) {
    return errorMsg(400, 'invalid argument ttl: should be a number');
  }
  if (resource === 'plugins') return pluginsResource(ctx, req, req.segments);
  if (resource === 'schema') return schemaResource(ctx, req, req.segments);
  const method = req.method.toLowerCase();
  if (resource.unsupported.includes(method)) {
    return errorMsg(405, `not supported \`${req.method}\` method for ${resource.kind}`, true);
  }
  const target = parseTarget(resource, req.segments);
  if (method === 'get') return read(ctx, req, target);
  if (method === 'put') return put(ctx, req, target, decoded.value);
  if (method === 'post') return post(ctx, req, target, decoded.value);
  if (method === 'patch') return patch(ctx, req, target, decoded.value);
  return remove(ctx, req, target);
}

/**
 * Answers one admin request in etcd mode.
 *
 * @example
 * ```ts
 * dispatchEtcd(ctx, { method: 'GET', path: '/apisix/admin/routes', segments: ['routes'], query, headers });
 * ```
 */
function dispatchEtcd(ctx: Ctx, req: AdminRequest): Reply {
  if (req.method === 'TRACE') return nginxPage(405);
  if (req.segments.length === 0) {
    if (req.method === 'HEAD' && atLeast(ctx.version, '3.13.0') && req.path === '/apisix/admin') {
      return { status: 200, raw: '' };
    }
    return nginxPage(404);
  }
  const exact = exactRoute(ctx, req);
  if (exact) return exact;
  if (!RESOURCE_METHODS.includes(req.method)) return nginxPage(404);
  return run(ctx, req);
}

export { dispatchEtcd };
