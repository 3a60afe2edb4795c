/** POST `/apisix/admin/configs/validate` (etcd 3.17+, standalone 3.15+). */
import { decodeBody } from './body.js';
import type { AdminRequest, Ctx } from './context.js';
import { validateDocument } from './documents.js';
import { isObject } from './json.js';
import { errorMsg, type Reply } from './reply.js';
import type { Json } from './types.js';
import { atLeast } from './version.js';

/**
 * Validates a whole document without persisting it; every error is reported.
 *
 * @example
 * ```ts
 * configValidate(ctx, req); // { status: 200, body: {} }
 * ```
 */
function configValidate(ctx: Ctx, req: AdminRequest): Reply {
  const modern = atLeast(ctx.version, '3.17.0');
  const decoded = decodeBody(req, {
    limit: modern,
    echo: !atLeast(ctx.version, '3.18.0'),
    yaml: true,
  });
  if (!decoded.ok) return decoded.reply;
  if (decoded.value === undefined) return errorMsg(400, 'invalid request body: empty request body');
  const doc = isObject(decoded.value) ? decoded.value : {};
  const errors = validateDocument(ctx, doc, false);
  if (errors.length > 0) {
    return {
      status: 400,
      body: { error_msg: 'Configuration validation failed', errors: errors as unknown as Json },
    };
  }
  return modern ? { status: 200, body: {} } : { status: 200, raw: '' };
}

export { configValidate };
