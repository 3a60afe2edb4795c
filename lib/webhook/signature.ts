/**
 * Signature checks on the raw body, one scheme per provider, all compared in constant time.
 *
 * - GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256>`; the SHA-1 `X-Hub-Signature` is
 *   never accepted.
 * - Gitea/Forgejo: `X-Gitea-Signature` (or `X-Forgejo-Signature`): the bare hex HMAC-SHA256.
 * - Bitbucket (Cloud and Data Center): `X-Hub-Signature: sha256=<hex HMAC-SHA256>`.
 * - GitLab: `X-Gitlab-Token` carries the secret itself (no HMAC).
 *
 * Several secrets may be configured at once so a secret can be rotated without dropping
 * deliveries; every one is tried, and the index of the one that matched is reported so an
 * operator can tell when the old secret is no longer in use.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Provider } from './types.js';

type SignatureCheck =
  | { ok: true; secretIndex: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch'; detail: string };

interface SignatureScheme {
  headers: readonly string[];
  kind: 'prefixed-hmac' | 'hex-hmac' | 'token';
}

const SCHEMES: Record<Provider, SignatureScheme> = {
  github: { headers: ['x-hub-signature-256'], kind: 'prefixed-hmac' },
  gitea: { headers: ['x-gitea-signature', 'x-forgejo-signature'], kind: 'hex-hmac' },
  bitbucket: { headers: ['x-hub-signature'], kind: 'prefixed-hmac' },
  gitlab: { headers: ['x-gitlab-token'], kind: 'token' },
};

const PREFIXED = /^sha256=([0-9a-f]{64})$/i;
const HEX = /^([0-9a-f]{64})$/i;

/**
 * Compares two strings in time that depends on neither their content nor their lengths:
 * both sides are hashed to 32 bytes first, so `timingSafeEqual` never sees a length mismatch.
 *
 * @example
 * ```ts
 * safeEqual(headerToken, configuredToken); // true only when identical
 * ```
 */
function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/**
 * Hex HMAC-SHA256 of `body` keyed by `secret`, the value GitHub, Gitea and Bitbucket send.
 *
 * @example
 * ```ts
 * const sig = `sha256=${hmacSha256Hex("It's a Secret to Everybody", Buffer.from('Hello, World!'))}`;
 * ```
 */
function hmacSha256Hex(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** The signature header value (first present of the provider's header names), if any. */
function signatureHeader(provider: Provider, headers: Record<string, string>): string | undefined {
  for (const name of SCHEMES[provider].headers) {
    const value = headers[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function missing(provider: Provider, headers: Record<string, string>): SignatureCheck {
  const expected = SCHEMES[provider].headers[0] ?? 'signature';
  const legacy =
    provider === 'github' && headers['x-hub-signature'] !== undefined
      ? ' (SHA-1 X-Hub-Signature is not accepted)'
      : '';
  return { ok: false, reason: 'missing', detail: `${expected} header missing${legacy}` };
}

/**
 * Checks a delivery's signature on its raw body against every configured secret.
 * `headers` must have lower-case names. Empty secrets are skipped, so an unset variable can
 * never turn into an empty HMAC key that anyone could sign with.
 *
 * @example
 * ```ts
 * const check = verifySignature('github', headers, rawBody, [current, previous]);
 * if (!check.ok) return refuse(401, check.reason);
 * ```
 */
function verifySignature(
  provider: Provider,
  headers: Record<string, string>,
  rawBody: Buffer,
  secrets: readonly string[],
): SignatureCheck {
  const scheme = SCHEMES[provider];
  const value = signatureHeader(provider, headers);
  if (value === undefined) return missing(provider, headers);
  let provided = value.trim();
  if (scheme.kind !== 'token') {
    const match = (scheme.kind === 'prefixed-hmac' ? PREFIXED : HEX).exec(provided);
    if (!match?.[1]) {
      return { ok: false, reason: 'malformed', detail: `${scheme.headers[0]} header malformed` };
    }
    provided = match[1].toLowerCase();
  }
  // Try every secret even after a match so the time taken does not tell which one matched.
  let matched = -1;
  secrets.forEach((secret, index) => {
    if (secret === '') return;
    const expected = scheme.kind === 'token' ? secret : hmacSha256Hex(secret, rawBody);
    if (safeEqual(provided, expected) && matched < 0) matched = index;
  });
  if (matched >= 0) return { ok: true, secretIndex: matched };
  return {
    ok: false,
    reason: 'mismatch',
    detail: 'signature does not match any configured secret',
  };
}

export type { SignatureCheck };
export { hmacSha256Hex, safeEqual, verifySignature };
