/**
 * isomorphic-git's HTTP plugin on our transport (so git traffic uses the caller's pooled agents
 * instead of a fresh `simple-get` socket per request), and the credentials for smart HTTP.
 */
import type { HttpClient as GitHttpClient, GitHttpRequest, GitHttpResponse } from 'isomorphic-git';
import type { Agents } from '../http/types.js';
import { sendRaw } from './transport.js';
import { splitCredentials } from './url.js';

/**
 * An isomorphic-git `http` plugin that sends every request through `agents`.
 *
 * @example
 * ```ts
 * await git.listServerRefs({ http: createGitHttp({ agents, timeoutMs: 30_000 }), url });
 * ```
 */
function createGitHttp(opts: { agents?: Agents; timeoutMs: number }): GitHttpClient {
  const request = async (req: GitHttpRequest): Promise<GitHttpResponse> => {
    const method = req.method ?? 'GET';
    const res = await sendRaw({
      url: req.url,
      method,
      headers: req.headers,
      body: req.body,
      agents: opts.agents,
      timeoutMs: opts.timeoutMs,
    });
    return {
      url: res.url,
      method,
      headers: res.headers,
      body: res.body[Symbol.asyncIterator](),
      statusCode: res.statusCode,
      statusMessage: res.statusMessage,
    };
  };
  return { request };
}

/**
 * The user name a host expects beside an access token over smart HTTP, when neither the URL
 * nor a `user:token` secret names one. GitHub and Gitea accept any name; GitLab documents
 * `oauth2`; Bitbucket Cloud access tokens need `x-token-auth`.
 *
 * @example
 * ```ts
 * defaultUsername('bitbucket.org'); // 'x-token-auth'
 * ```
 */
function defaultUsername(host: string): string {
  if (host === 'bitbucket.org') return 'x-token-auth';
  if (host.includes('gitlab')) return 'oauth2';
  return 'x-access-token';
}

/**
 * Splits credentials out of a remote URL and turns a token into a Basic `Authorization` header,
 * sent with the first request (saves the 401 round trip isomorphic-git's `onAuth` would cost).
 * A token of the form `user:secret` sets the user name (Bitbucket app passwords).
 *
 * @example
 * ```ts
 * gitCredentials('https://github.com/acme/cfg.git', 'ghp_x');
 * // { url: 'https://github.com/acme/cfg.git', headers: { Authorization: 'Basic eC1hY2Nlc3MtdG9rZW46Z2hwX3g=' } }
 * ```
 */
function gitCredentials(
  rawUrl: string,
  token?: string,
): { url: string; headers: Record<string, string> } {
  const { url, username, password } = splitCredentials(rawUrl);
  let user = username;
  let secret = password;
  if (token) {
    const colon = token.indexOf(':');
    const named = colon > 0;
    user = named ? token.slice(0, colon) : (username ?? defaultUsername(new URL(url).hostname));
    secret = named ? token.slice(colon + 1) : token;
  }
  if (!user && !secret) return { url, headers: {} };
  const basic = Buffer.from(`${user ?? ''}:${secret ?? ''}`).toString('base64');
  return { url, headers: { Authorization: `Basic ${basic}` } };
}

export { createGitHttp, defaultUsername, gitCredentials };
