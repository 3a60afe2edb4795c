/**
 * Admin API server URLs never carry credentials: APISIX authenticates admin calls with the
 * `X-API-KEY` header only, so `http://user:pass@host:9180` gains nothing and would copy the
 * password into every report line that names the server. Both entry points (`/sync` and the
 * CLI's `--server`) refuse it with this check; `lib/targets` has its own.
 *
 * @example
 * ```ts
 * serverUrlUserinfo('http://admin:S3CRET@127.0.0.1:9180'); // true
 * serverUrlUserinfo('http://127.0.0.1:9180'); // false
 * ```
 */

/** Whatever sits between `scheme://` and the host, up to an `@`. */
const USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i;

/** The one message both entry points give; it never repeats the URL. */
const USERINFO_MESSAGE =
  'must not embed credentials (user:password@): the Admin API authenticates with the token (X-API-KEY)';

/** Whether `url` has a userinfo part (`user@`, `user:password@`, even an empty `@`). */
function serverUrlUserinfo(url: string): boolean {
  const text = url.trim();
  try {
    const parsed = new URL(text);
    if (parsed.username !== '' || parsed.password !== '') return true;
  } catch {
    // Not a URL `new URL` takes: the pattern below still decides.
  }
  return USERINFO.test(text);
}

export { serverUrlUserinfo, USERINFO_MESSAGE };
