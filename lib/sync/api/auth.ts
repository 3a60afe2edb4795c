/**
 * Optional bearer-token check for the sync API (`APISYNC_SYNC_API_TOKEN`, a secret reference).
 * The deployment normally protects the routes with API Gateway IAM auth; the token is for
 * deployments that open the routes at the gateway (deploy.md, `syncApiAuth: "bearer"`).
 *
 * The comparison hashes both sides first so `timingSafeEqual` gets equal lengths and the time
 * taken says nothing about the token's length or its matching prefix.
 *
 * @example
 * ```ts
 * const denied = checkBearer(req.headers, token);
 * if (denied) return denied; // 401 or 403
 * ```
 */
import { createHash, timingSafeEqual } from 'node:crypto';

interface AuthDenial {
  status: 401 | 403;
  message: string;
  headers: Record<string, string>;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares two secrets in constant time.
 *
 * @example
 * ```ts
 * safeEqualText('a', 'a'); // true
 * ```
 */
function safeEqualText(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * `undefined` when the request may pass: no token configured, or `Authorization: Bearer <token>`
 * matches. 401 when the header is missing or not a bearer token, 403 when the token is wrong.
 *
 * @example
 * ```ts
 * checkBearer({ authorization: 'Bearer s3cret' }, 's3cret'); // undefined
 * checkBearer({}, 's3cret')?.status; // 401
 * ```
 */
function checkBearer(
  headers: Record<string, string>,
  expected: string | undefined,
): AuthDenial | undefined {
  if (expected === undefined || expected === '') return undefined;
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) {
    return {
      status: 401,
      message: 'Authentication required: send Authorization: Bearer <token>',
      headers: { 'www-authenticate': 'Bearer realm="apisync"' },
    };
  }
  if (!safeEqualText(match[1], expected)) {
    return {
      status: 403,
      message: 'The bearer token is not valid',
      headers: { 'www-authenticate': 'Bearer realm="apisync", error="invalid_token"' },
    };
  }
  return undefined;
}

export type { AuthDenial };
export { checkBearer, safeEqualText };
