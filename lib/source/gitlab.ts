/**
 * `gitlab` source over REST v4: the ref is resolved to a commit, then the repository tree
 * (recursive, paginated) and the raw files are read at that one commit.
 */
import type { HttpClient } from '../http/types.js';
import { fileSets } from './caches.js';
import { SourceError } from './errors.js';
import { createMatcher } from './glob.js';
import { restClient, restGet } from './rest.js';
import { isSha, LIMITS, makeSnapshot, mapWithConcurrency, pinnedSha } from './snapshot.js';
import type {
  ReadOptions,
  ResolvedRef,
  SourceDeps,
  SourceFile,
  SourceSnapshot,
  SourceSpec,
} from './types.js';
import { redactUrl } from './url.js';

const PER_PAGE = 100;
/** Pages of 100 entries; more than the file limit can need. */
const MAX_PAGES = 1_000;

interface GitlabProject {
  api: HttpClient;
  apiBase: string;
  /** `/projects/<url-encoded path>` */
  prefix: string;
  shown: string;
}

interface TreeEntry {
  path: string;
  type: string;
  mode: string;
}

function parseProject(spec: SourceSpec, deps: SourceDeps): GitlabProject {
  const raw = spec.url ?? '';
  const shown = redactUrl(raw || '(none)');
  const url = URL.canParse(raw) ? new URL(raw) : new URL(`https://gitlab.com/${raw}`);
  // Subgroups nest: https://gitlab.com/group/sub/project.git → group/sub/project
  const path = url.pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  if (!path.includes('/')) {
    throw new SourceError('a gitlab source needs `url` like https://gitlab.com/<group>/<project>', {
      kind: 'invalid',
      url: shown,
    });
  }
  const apiBase = deps.apiBaseUrl ?? `${url.origin}/api/v4`;
  const headers: Record<string, string> = deps.token ? { 'private-token': deps.token } : {};
  return {
    api: restClient(apiBase, deps, headers),
    apiBase,
    prefix: `/projects/${encodeURIComponent(path)}`,
    shown,
  };
}

async function resolveIn(project: GitlabProject, ref: string): Promise<string> {
  const res = await restGet<{ id?: unknown }>(
    project.api,
    { path: `${project.prefix}/repository/commits/${encodeURIComponent(ref)}` },
    `resolve ${ref}`,
    project.shown,
  );
  const sha = typeof res.data?.id === 'string' ? res.data.id.toLowerCase() : '';
  if (!isSha(sha))
    throw new SourceError(`resolve ${ref}: the answer has no commit id`, {
      kind: 'protocol',
      url: project.shown,
    });
  return sha;
}

/**
 * Resolves `ref` (branch, tag or SHA) to a commit SHA with one request.
 *
 * @example
 * ```ts
 * const { sha } = await resolveGitlabRef({ type: 'gitlab', url: 'https://gitlab.com/acme/cfg' }, 'main', { token });
 * ```
 */
async function resolveGitlabRef(
  spec: SourceSpec,
  ref: string,
  deps: SourceDeps,
  knownSha?: string,
): Promise<ResolvedRef> {
  if (isSha(ref)) return { sha: ref.toLowerCase() };
  const sha = await resolveIn(parseProject(spec, deps), ref);
  return knownSha?.toLowerCase() === sha ? { sha, unchanged: true } : { sha };
}

/** The `rel="next"` target of a Link header, if any. */
function nextLink(link: string | undefined): string | undefined {
  return link
    ?.split(',')
    .find((part) => /rel="next"/.test(part))
    ?.match(/<([^>]+)>/)?.[1];
}

/**
 * The next page to request, refusing a link to another origin (scheme, host or port): every
 * request carries the `PRIVATE-TOKEN` header, so following whatever host a response names
 * would hand the token to it (a proxy or a compromised host could name any).
 * A root-relative link (`/api/v4/…`) resolves against the API's origin.
 */
function sameOriginPage(project: GitlabProject, link: string, sha: string): string {
  const base = new URL(project.apiBase);
  let target: URL | undefined;
  try {
    target = new URL(link, base);
  } catch {
    target = undefined;
  }
  if (target?.origin !== base.origin) {
    const where = target ? target.origin : 'an unparsable URL';
    throw new SourceError(
      `tree at ${sha}: the next-page link points to ${where}, not ${base.origin}; not followed`,
      { kind: 'protocol', url: project.shown },
    );
  }
  // Absolute, so a root-relative link is not appended to the client's base path.
  return target.href;
}

async function listTree(
  project: GitlabProject,
  sha: string,
  match: (p: string) => boolean,
): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  let req: { path: string; query?: Record<string, string | number> } = {
    path: `${project.prefix}/repository/tree`,
    query: { ref: sha, recursive: 'true', per_page: PER_PAGE },
  };
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await restGet<TreeEntry[]>(
      project.api,
      req,
      `tree at ${sha} (page ${page})`,
      project.shown,
    );
    const entries = Array.isArray(res.data) ? res.data : [];
    out.push(
      ...entries.filter(
        (e) => e.type === 'blob' && (e.mode === '100644' || e.mode === '100755') && match(e.path),
      ),
    );
    if (out.length > LIMITS.maxFiles) {
      throw new SourceError(`more than ${LIMITS.maxFiles} files match at ${sha}`, {
        kind: 'too_large',
        url: project.shown,
      });
    }
    const link = nextLink(res.headers.link);
    const nextPage = res.headers['x-next-page'];
    if (link) req = { path: sameOriginPage(project, link, sha) };
    else if (nextPage) req = { ...req, query: { ...req.query, page: nextPage } };
    else return out;
  }
  throw new SourceError(`the tree at ${sha} has more than ${MAX_PAGES} pages`, {
    kind: 'too_large',
    url: project.shown,
  });
}

async function readFiles(
  project: GitlabProject,
  sha: string,
  entries: TreeEntry[],
): Promise<SourceFile[]> {
  const decoder = new TextDecoder();
  let bytes = 0;
  return mapWithConcurrency(entries, LIMITS.restConcurrency, async (entry) => {
    const res = await restGet<Uint8Array>(
      project.api,
      {
        path: `${project.prefix}/repository/files/${encodeURIComponent(entry.path)}/raw`,
        query: { ref: sha },
        responseType: 'buffer',
      },
      `file ${entry.path}`,
      project.shown,
    );
    bytes += res.data.byteLength;
    if (bytes > LIMITS.maxBytes) {
      throw new SourceError(`files at ${sha} exceed ${LIMITS.maxBytes} bytes`, {
        kind: 'too_large',
        url: project.shown,
      });
    }
    return { path: entry.path, content: decoder.decode(res.data) };
  });
}

/**
 * Reads a GitLab project at one commit: `opts.sha`, or the commit `ref` points at now.
 *
 * @example
 * ```ts
 * const snap = await readGitlab({ type: 'gitlab', url: 'https://gitlab.com/acme/cfg' }, {}, { agents, token });
 * ```
 */
async function readGitlab(
  spec: SourceSpec,
  opts: ReadOptions,
  deps: SourceDeps,
): Promise<SourceSnapshot> {
  const project = parseProject(spec, deps);
  const ref = opts.ref ?? spec.ref ?? 'main';
  const sha =
    pinnedSha(opts.sha, project.shown) ??
    (isSha(ref) ? ref.toLowerCase() : await resolveIn(project, ref));
  const key = `gitlab|${project.apiBase}|${project.prefix}|${sha}|${(spec.paths ?? []).join('\0')}`;
  let files = fileSets.get(key);
  if (!files) {
    files = await readFiles(project, sha, await listTree(project, sha, createMatcher(spec.paths)));
    fileSets.set(key, files);
  }
  deps.logger?.debug('gitlab source read', { url: project.shown, ref, sha, files: files.length });
  return makeSnapshot('gitlab', ref, sha, files);
}

export { readGitlab, resolveGitlabRef };
