/**
 * A small glob matcher for repository paths (git, GitHub, GitLab list paths, not directories).
 * It follows tinyglobby's defaults so one `paths` list selects the same files from every source:
 * `**` spans directories, `*` and `?` stay within one, `{a,b}` and `[abc]` work, names starting
 * with a dot match only when the pattern spells the dot, and `!glob` excludes.
 */

const DEFAULT_PATHS = ['**/*.yaml', '**/*.yml', '**/*.json'];

/** Regex source for a glob that starts at position `i` of a path segment. */
function convert(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const atStart = i === 0 || glob[i - 1] === '/';
    const ch = glob[i] as string;
    if (
      ch === '*' &&
      glob[i + 1] === '*' &&
      atStart &&
      (glob[i + 2] === '/' || i + 2 === glob.length)
    ) {
      const last = i + 2 === glob.length;
      out += last ? '(?:(?!\\.)[^/]+(?:/(?!\\.)[^/]+)*)?' : '(?:(?!\\.)[^/]+/)*';
      i += last ? 2 : 3;
    } else if (ch === '*') {
      while (glob[i + 1] === '*') i++;
      out += atStart ? '(?!\\.)[^/]*' : '[^/]*';
      i++;
    } else if (ch === '?') {
      out += atStart ? '(?!\\.)[^/]' : '[^/]';
      i++;
    } else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        i++;
        continue;
      }
      const body = glob
        .slice(i + 1, end)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\');
      out += `[${body}]`;
      i = end + 1;
    } else if (ch === '{') {
      const end = matchingBrace(glob, i);
      if (end < 0) {
        out += '\\{';
        i++;
        continue;
      }
      const alternatives = splitTopLevel(glob.slice(i + 1, end)).map(convert);
      out += `(?:${alternatives.join('|')})`;
      i = end + 1;
    } else {
      out += ch.replace(/[.+^$()|\\\]}]/g, '\\$&');
      i++;
    }
  }
  return out;
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let j = open; j < glob.length; j++) {
    if (glob[j] === '{') depth++;
    else if (glob[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let j = 0; j < body.length; j++) {
    if (body[j] === '{') depth++;
    else if (body[j] === '}') depth--;
    else if (body[j] === ',' && depth === 0) {
      parts.push(body.slice(start, j));
      start = j + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/**
 * Compiles globs into one predicate over POSIX paths: a path matches when some positive glob
 * matches and no `!` glob does.
 *
 * @example
 * ```ts
 * const match = createMatcher(['adc/**\/*.yaml', '!adc/drafts/**']);
 * match('adc/prod/routes.yaml'); // true
 * match('adc/drafts/x.yaml'); // false
 * ```
 */
function createMatcher(globs: readonly string[] = DEFAULT_PATHS): (path: string) => boolean {
  const compile = (g: string) => new RegExp(`^${convert(g.replace(/^\.\//, ''))}$`);
  const include = globs.filter((g) => !g.startsWith('!')).map(compile);
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => compile(g.slice(1)));
  return (path) => include.some((re) => re.test(path)) && !exclude.some((re) => re.test(path));
}

export { createMatcher, DEFAULT_PATHS };
