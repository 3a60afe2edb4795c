/** What a handler answers, before the server adds the common headers. */
import type { Json } from './types.js';

interface Reply {
  status: number;
  /** An object/array is JSON-encoded with a trailing newline; a string is sent as is. */
  body?: Json;
  /** Send `body` as raw text even when it is a string that looks like JSON. */
  raw?: string;
  headers?: Record<string, string>;
  /** Add `X-API-VERSION: v3` (only answers produced by a resource handler carry it). */
  apiVersion?: boolean;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Not Allowed',
  500: 'Internal Server Error',
};

/**
 * A JSON answer.
 *
 * @example
 * ```ts
 * json(404, { message: 'Key not found' }, true);
 * ```
 */
function json(status: number, body: Json, apiVersion = false): Reply {
  return { status, body, apiVersion };
}

/** `{"error_msg": msg}`. */
function errorMsg(status: number, msg: string, apiVersion = false): Reply {
  return { status, body: { error_msg: msg }, apiVersion };
}

/** nginx's own HTML error page (`<title>404 Not Found</title>`). */
function nginxPage(status: number, detail?: string): Reply {
  const reason = REASONS[status] ?? 'Error';
  const title = detail ? `${status} ${detail}` : `${status} ${reason}`;
  const extra = detail ? `<center>${detail}</center>\r\n` : '';
  const raw = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n${extra}<hr><center>openresty</center>\r\n</body>\r\n</html>\r\n`;
  return { status, raw, headers: { 'Content-Type': 'text/html; charset=utf-8' } };
}

export type { Reply };
export { errorMsg, json, nginxPage };
