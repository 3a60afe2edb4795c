/** Admin key check (`apisix/admin/init.lua check_token`). */
import type { AdminRequest, Ctx } from './context.js';
import type { Reply } from './reply.js';
import type { JsonObject } from './types.js';
import { atLeast } from './version.js';

function cookieKey(cookie: string | undefined): string | undefined {
  for (const part of (cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'x_api_key') return rest.join('=');
  }
  return undefined;
}

/** The key a request presents: query `api_key`, then header `X-API-KEY`, then cookie `x_api_key`. */
function presentedKey(req: AdminRequest): string | undefined {
  const query = req.query.get('api_key');
  if (query !== null) return query;
  const header = req.headers['x-api-key'];
  if (header !== undefined) return Array.isArray(header) ? header[0] : header;
  return cookieKey(req.headers.cookie);
}

function deny(ctx: Ctx, description: string): Reply {
  const body: JsonObject = { error_msg: 'failed to check token' };
  if (atLeast(ctx.version, '3.10.0')) body.description = description;
  return { status: 401, body };
}

/**
 * Answers 401 when the request may not pass; undefined when it may.
 *
 * @example
 * ```ts
 * checkToken(ctx, req); // { status: 401, body: { error_msg: 'failed to check token', description: 'missing apikey' } }
 * ```
 */
function checkToken(ctx: Ctx, req: AdminRequest): Reply | undefined {
  if (!ctx.adminKey || !ctx.adminKeyRequired) return undefined;
  const key = presentedKey(req);
  if (key === undefined) return deny(ctx, 'missing apikey');
  if (key === ctx.adminKey) return undefined;
  if (ctx.viewerKey && key === ctx.viewerKey) {
    return req.method === 'GET' ? undefined : deny(ctx, 'invalid method for role viewer');
  }
  return deny(ctx, 'wrong apikey');
}

export { checkToken };
