/**
 * URL helpers that keep credentials out of messages: every URL that reaches an error or a log
 * line goes through `redactUrl` first.
 */

/** Query parameters that commonly carry tokens (GitLab `private_token`, OAuth `access_token`, …). */
const SECRET_PARAMS = /^(private_token|access_token|token|api_key|apikey|key|sig|signature)$/i;

/**
 * The URL without userinfo and with token-like query values replaced by `***`. Strings that do
 * not parse as URLs lose anything between `//` and `@` that looks like userinfo.
 *
 * @example
 * ```ts
 * redactUrl('https://x:ghp_123@github.com/acme/cfg.git'); // 'https://github.com/acme/cfg.git'
 * ```
 */
function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/\/\/[^/@\s]*@/g, '//');
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.test(name)) url.searchParams.set(name, '***');
  }
  return url.toString();
}

/**
 * Splits `https://user:secret@host/path` into the bare URL and its credentials.
 *
 * @example
 * ```ts
 * splitCredentials('https://oauth2:glpat-x@gitlab.com/a/b.git');
 * // { url: 'https://gitlab.com/a/b.git', username: 'oauth2', password: 'glpat-x' }
 * ```
 */
function splitCredentials(raw: string): { url: string; username?: string; password?: string } {
  const url = new URL(raw);
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.username = '';
  url.password = '';
  return { url: url.toString().replace(/\/+$/, ''), username, password };
}

export { redactUrl, splitCredentials };
