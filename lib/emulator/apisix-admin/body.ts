/** Request body decoding shared by the resource dispatcher and the config endpoints. */
import { parse as parseYaml } from 'yaml';
import { decodeJson } from './cjson.js';
import type { AdminRequest } from './context.js';
import type { Reply } from './reply.js';
import type { Json, JsonObject } from './types.js';

/** `MAX_REQ_BODY` of the admin API: 1.5 MiB. */
const MAX_BODY = 1_572_864;

type Decoded = { ok: true; value: Json | undefined } | { ok: false; reply: Reply };

function tooLarge(size: number): Reply {
  return {
    status: 400,
    body: {
      error_msg: `invalid request body: request size ${size} is greater than the maximum size ${MAX_BODY} allowed`,
    },
  };
}

/**
 * Decodes a resource request body: 1.5 MiB cap, cjson errors echoing `req_body`.
 *
 * @example
 * ```ts
 * const decoded = decodeBody(req, { limit: true, echo: true });
 * ```
 */
function decodeBody(
  req: AdminRequest,
  opts: { limit: boolean; echo: boolean; yaml?: boolean },
): Decoded {
  const raw = req.body;
  if (!raw || raw.length === 0) return { ok: true, value: undefined };
  if (opts.limit && raw.length > MAX_BODY) return { ok: false, reply: tooLarge(raw.length) };
  const text = raw.toString('utf8');
  if (opts.yaml && String(req.headers['content-type'] ?? '').startsWith('application/yaml')) {
    try {
      return { ok: true, value: parseYaml(text) as Json };
    } catch (error) {
      const msg = error instanceof Error ? error.message.split('\n')[0] : 'invalid yaml';
      return {
        ok: false,
        reply: { status: 400, body: { error_msg: `invalid request body: ${msg}` } },
      };
    }
  }
  const decoded = decodeJson(text);
  if (decoded.ok) return { ok: true, value: decoded.value };
  const body: JsonObject = { error_msg: `invalid request body: ${decoded.error}` };
  if (opts.echo) body.req_body = text;
  return { ok: false, reply: { status: 400, body } };
}

export { decodeBody, MAX_BODY };
