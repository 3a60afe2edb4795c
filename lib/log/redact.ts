/**
 * Secret redaction for anything that may reach a log line, an error or a report.
 *
 * Two complementary rules:
 * - by key: an object property whose name looks secret (`X-API-KEY`, `api_key`, `Authorization`,
 *   `token`, `password`, `secret`, `privateKey`, …) has its value replaced whole;
 * - by content: inside any string, PEM private key blocks, URL passwords, and the values of
 *   JSON fields, `name: value` header lines and query parameters whose name the key rule calls
 *   secret (one notion of "secret name" for objects and text) are masked.
 *
 * Certificates (`-----BEGIN CERTIFICATE-----`) are public and stay readable; only private keys go.
 */

const REDACTED = '[REDACTED]';

/** Property names (compared lower-cased with `-`/`_` removed) whose values are always secret. */
const SECRET_KEYS = new Set([
  'xapikey',
  'apikey',
  'adminkey',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'password',
  'passwd',
  'passphrase',
  'privatekey',
  'clientkey',
  'tlsclientkey',
  'signature',
  // APISIX's credential fields (key-auth `key`, SSL `key`/`keys`). Also the name of etcd paths
  // and of chash/limit-count `key` settings, which lose nothing worth logging by being masked;
  // a key-auth key echoed in an error body (`req_body`) must not reach a log.
  'key',
  'keys',
]);

/** Substrings that mark a property name as secret (`githubToken`, `webhookSecret`, `secrets`). */
const SECRET_KEY_PARTS = ['token', 'secret', 'password'];

/** A PEM private key block; an unterminated block (a truncated body) is masked to the end. */
const PEM_PRIVATE_KEY =
  /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
/**
 * `"githubToken": "abc"` inside serialized JSON (a body logged as text). Every quoted name is
 * matched and judged by `isSecretKey`, so text and object redaction agree on what is secret.
 */
const JSON_STRING_FIELD = /("((?:[^"\\]|\\.)*)"\s*:\s*")((?:[^"\\]|\\.)*)(")/g;
/**
 * `Authorization: Bearer abc`, `X-Gitlab-Token: abc`, `api_key: 'abc'` (header dumps, curl
 * traces): a name, a colon, then a quoted value or the rest of the line.
 */
const NAME_COLON_VALUE =
  /\b([A-Za-z][\w-]*)(\s*:\s*)("[^"\r\n]*"|'[^'\r\n]*'|[^\s"',}][^\r\n"',}]*)/g;
/** `?api_key=abc&…`, `private_token=abc` in URLs and form bodies. */
const QUERY_PARAM = /([?&;]([A-Za-z][\w.-]*)=)([^&#\s"']*)/g;
/** `SecretError: …`, `TokenExpiredError: …`: an error's name heading a message is not a header. */
const ERROR_NAME = /(?:error|exception)$/i;
/** Query parameter names that are secret there though not as property names (`key`, `sig`). */
const SECRET_QUERY_NAMES = new Set(['key', 'sig']);
/** `https://user:pass@host`: keep the user, drop the password. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi;

/**
 * Whether a property name marks its value as secret.
 *
 * @example
 * ```ts
 * isSecretKey('X-API-KEY'); // true
 * isSecretKey('key'); // true: key-auth keys and SSL keys travel under that name
 * ```
 */
function isSecretKey(key: string): boolean {
  const norm = key.toLowerCase().replace(/[-_\s]/g, '');
  if (SECRET_KEYS.has(norm)) {
    return true;
  }
  return SECRET_KEY_PARTS.some((part) => norm.includes(part));
}

/**
 * Masks secrets inside one string: PEM private keys, secret header lines, secret query
 * parameters and URL passwords.
 *
 * @example
 * ```ts
 * redactString('GET /apisix/admin/routes?api_key=abc'); // 'GET /apisix/admin/routes?api_key=[REDACTED]'
 * ```
 */
function redactString(value: string): string {
  return (
    value
      // The whole block goes, markers included, so "PRIVATE KEY" never appears in a log.
      .replace(PEM_PRIVATE_KEY, REDACTED)
      .replace(JSON_STRING_FIELD, (all, head: string, name: string, _v, tail: string) =>
        isSecretKey(name) ? `${head}${REDACTED}${tail}` : all,
      )
      .replace(NAME_COLON_VALUE, (all, name: string, colon: string) =>
        isSecretKey(name) && !ERROR_NAME.test(name) ? `${name}${colon}${REDACTED}` : all,
      )
      .replace(QUERY_PARAM, (all, head: string, name: string) =>
        isSecretKey(name) || SECRET_QUERY_NAMES.has(name.toLowerCase())
          ? `${head}${REDACTED}`
          : all,
      )
      .replace(URL_PASSWORD, `$1${REDACTED}$3`)
  );
}

/**
 * Removes secret query parameters and the password from a URL, for error messages.
 *
 * @example
 * ```ts
 * redactUrl('http://a:9180/apisix/admin/routes?api_key=k'); // 'http://a:9180/apisix/admin/routes?api_key=[REDACTED]'
 * ```
 */
function redactUrl(url: string): string {
  return redactString(url);
}

const MAX_DEPTH = 12;

function redactError(err: Error, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: redactString(err.message) };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) {
    out.code = code;
  }
  if (err.stack) {
    out.stack = redactString(err.stack);
  }
  if (err.cause !== undefined) {
    out.cause = walk(err.cause, seen, depth + 1);
  }
  return out;
}

function walkObject(value: object, seen: WeakSet<object>, depth: number): unknown {
  if (seen.has(value)) {
    return '[Circular]';
  }
  if (depth >= MAX_DEPTH) {
    return '[MaxDepth]';
  }
  seen.add(value);
  try {
    if (value instanceof Error) {
      return redactError(value, seen, depth);
    }
    if (Array.isArray(value)) {
      return value.map((item) => walk(item, seen, depth + 1));
    }
    if (value instanceof Map) {
      return walkObject(Object.fromEntries(value), seen, depth);
    }
    if (value instanceof Set) {
      return [...value].map((item) => walk(item, seen, depth + 1));
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretKey(key) && item !== undefined ? REDACTED : walk(item, seen, depth + 1);
    }
    return out;
  } finally {
    // A shared (non-cyclic) sub-object referenced twice is printed twice, not as "[Circular]".
    seen.delete(value);
  }
}

function walk(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') {
    return redactString(value);
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'function' || typeof value === 'symbol') {
    return `[${typeof value}]`;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  }
  if (ArrayBuffer.isView(value)) {
    return `[${value.constructor.name} ${value.byteLength} bytes]`;
  }
  if (value instanceof URL) {
    return redactUrl(value.href);
  }
  return walkObject(value, seen, depth);
}

/**
 * Returns a JSON-safe copy of `value` with secrets masked, by key and by content, deep in
 * objects, arrays, Maps, Sets and error causes. The input is never mutated; cycles become
 * `"[Circular]"`, Buffers a byte count, Errors `{ name, message, code, stack, cause }`.
 *
 * @example
 * ```ts
 * redact({ headers: { 'X-API-KEY': 'k' }, tls: { key: pemPrivateKey } });
 * // { headers: { 'X-API-KEY': '[REDACTED]' }, tls: { key: '[REDACTED]' } }
 * ```
 */
function redact<T>(value: T): unknown {
  return walk(value, new WeakSet(), 0);
}

export { isSecretKey, REDACTED, redact, redactString, redactUrl };
