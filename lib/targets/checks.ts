/**
 * Field checks shared by the targets schema: URLs, git refs, label values. Each returns a
 * problem description or `undefined`; descriptions never repeat the input.
 *
 * @example
 * ```ts
 * httpUrlProblem('ftp://x'); // 'must be an http(s) URL'
 * ```
 */

/**
 * Problems with an http(s) URL used for an Admin API server or a repository: the scheme, and
 * credentials or query strings that would put a secret into configuration and logs.
 *
 * @example
 * ```ts
 * httpUrlProblem('https://admin:key@apisix:9180'); // 'must not embed credentials; use a secret reference'
 * ```
 */
function httpUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.username !== '' || url.password !== '') {
    return 'must not embed credentials; use a secret reference';
  }
  if (url.search !== '' || url.hash !== '') return 'must not have a query string or fragment';
  return undefined;
}

/** Path segments of a repository URL, without a trailing `.git` or slash. */
function repoSegments(text: string): string[] {
  const path = new URL(text).pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  return path.split('/').filter((s) => s !== '');
}

/**
 * Problems with a GitHub (`/<owner>/<repo>`) or GitLab (`/<group>[/…]/<project>`) repository
 * URL, on top of `httpUrlProblem`.
 *
 * @example
 * ```ts
 * repoUrlProblem('github', 'https://github.com/acme'); // 'must be https://<host>/<owner>/<repo>'
 * ```
 */
function repoUrlProblem(type: 'github' | 'gitlab', text: string): string | undefined {
  const base = httpUrlProblem(text);
  if (base) return base;
  const segments = repoSegments(text);
  if (type === 'github' && segments.length !== 2) return 'must be https://<host>/<owner>/<repo>';
  if (type === 'gitlab' && segments.length < 2) {
    return 'must be https://<host>/<group>[/<subgroup>…]/<project>';
  }
  return undefined;
}

/** Characters and sequences git forbids in ref names (git-check-ref-format). */
const BAD_REF = /[\s~^:?*[\\]|\.\.|@\{|^\/|\/$|\.lock$|^-/;

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Problems with a branch, tag or commit SHA as git would judge its name.
 *
 * @example
 * ```ts
 * gitRefProblem('release/1.x'); // undefined
 * gitRefProblem('main..dev');   // 'must be a branch, tag or commit SHA (git ref name rules)'
 * ```
 */
function gitRefProblem(ref: string): string | undefined {
  return ref === '' || BAD_REF.test(ref) || hasControlCharacter(ref)
    ? 'must be a branch, tag or commit SHA (git ref name rules)'
    : undefined;
}

export { gitRefProblem, httpUrlProblem, repoUrlProblem };
