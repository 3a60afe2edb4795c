/**
 * Parses one configuration file (YAML, or JSON by extension) into a plain value, with limits on
 * size and nesting and a way to locate any field path back to a line and column. Never throws:
 * every problem comes back as a {@link ConfigIssue} that names the file and position.
 *
 * @example
 * ```ts
 * const parsed = parseConfigText({ path: 'adc.yaml', content: 'services: []\n' });
 * if (parsed.issues.length === 0) console.log(parsed.value, parsed.locate(['services']));
 * ```
 */
import { parseDocument } from 'yaml';
import type { ConfigIssue } from '../errors.js';
import { checkValues } from './check-values.js';
import { createLocator, type JsonPath, type LineIndex, type Position } from './positions.js';
import { fastYaml, NEEDS_EXACT } from './yaml-fast.js';

interface ParseLimits {
  /** Largest accepted file, in bytes. Default 16 MiB. */
  maxFileBytes?: number;
  /** Deepest accepted nesting of objects and arrays. Default 64. */
  maxDepth?: number;
}

interface ParsedFile {
  path: string;
  /** The document as plain data; `undefined` when `issues` is not empty. */
  value: unknown;
  issues: ConfigIssue[];
  /** 1-based position of the deepest existing node on `path`, when the file has one. */
  locate: (path: JsonPath) => Position | undefined;
}

const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 64;

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/**
 * The size-limit issue, shared with the loader (which checks the size before reading).
 *
 * @example
 * ```ts
 * sizeIssue('big.yaml', 52_428_800, 16_777_216).message; // 'big.yaml is 50.0 MiB, over the 16.0 MiB limit …'
 * ```
 */
const sizeIssue = (file: string, bytes: number, limit: number): ConfigIssue => ({
  file,
  path: [],
  code: 'too_large',
  message: `${file} is ${megabytes(bytes)}, over the ${megabytes(limit)} limit for one configuration file; split it into several files`,
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isJsonFile = (file: string): boolean => file.toLowerCase().endsWith('.json');

/** Node 20 says "at position N"; newer Nodes say "(line L column C)". */
const jsonErrorPosition = (message: string, lines: LineIndex): Position | undefined => {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const at = /position (\d+)/.exec(message);
  return at ? lines.positionOf(Number(at[1])) : undefined;
};

interface RawParse {
  value: unknown;
  issues: ConfigIssue[];
  /** The `yaml` package's tree, when the exact parser ran (reused for locating paths). */
  root?: unknown;
}

const parseJson = (file: string, content: string, lines: LineIndex): RawParse => {
  try {
    return { value: JSON.parse(content), issues: [] };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = jsonErrorPosition(message, lines);
    return {
      value: undefined,
      issues: [
        {
          file,
          ...pos,
          path: [],
          code: 'invalid_json',
          message: `Invalid JSON: ${message.replace(/^JSON\.parse: /, '')}`,
        },
      ],
    };
  }
};

/** The `yaml` package: slower, but the reference for values, error messages and positions. */
const parseYamlExact = (file: string, content: string, lines: LineIndex): RawParse => {
  const doc = parseDocument(content, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => {
      // The yaml package recurses per nesting level and reports a stack overflow as a parse error.
      const deep = e.message.includes('Maximum call stack size exceeded');
      return {
        file,
        ...lines.positionOf(e.pos[0]),
        path: [],
        code: deep ? 'too_deep' : 'invalid_yaml',
        message: deep ? 'Nesting too deep to parse' : `Invalid YAML: ${e.message.split('\n')[0]}`,
      };
    });
    return { value: undefined, issues };
  }
  return { value: doc.toJS({ maxAliasCount: 100 }), issues: [], root: doc.contents };
};

/** js-yaml when it is sure to agree with `yaml` (see yaml-fast.ts), else the exact parser. */
const parseYaml = (file: string, content: string, lines: LineIndex): RawParse => {
  const fast = fastYaml(content);
  return fast === NEEDS_EXACT ? parseYamlExact(file, content, lines) : { value: fast, issues: [] };
};

/** JSON or YAML by extension; a stack overflow (absurd nesting) becomes an issue. */
const safeParse = (file: string, content: string, lines: LineIndex): RawParse => {
  try {
    return isJsonFile(file) ? parseJson(file, content, lines) : parseYaml(file, content, lines);
  } catch (err) {
    // The yaml package recurses per nesting level and enforces its alias limit by throwing.
    const deep = err instanceof RangeError;
    const message = deep
      ? 'Nesting too deep to parse'
      : `Cannot parse: ${err instanceof Error ? err.message : String(err)}`;
    return {
      value: undefined,
      issues: [{ file, path: [], code: deep ? 'too_deep' : 'invalid_yaml', message }],
    };
  }
};

/**
 * Parses one file's text. JSON for `.json`, YAML for anything else; an empty document is an
 * empty configuration. Problems (syntax with file:line:col, size, depth, numbers out of range,
 * a top level that is not a mapping) are returned as issues, never thrown. Positions are
 * computed only for issues (`locate` parses the text for them on first use).
 *
 * @example
 * ```ts
 * parseConfigText({ path: 'a.json', content: '{"services": [' }).issues[0]?.message; // 'Invalid JSON: …'
 * ```
 */
const parseConfigText = (
  input: { path: string; content: string },
  limits: ParseLimits = {},
): ParsedFile => {
  const { path: file, content } = input;
  const maxBytes = limits.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const bytes = Buffer.byteLength(content);
  let parsed: unknown;
  // Lets the locator parse one list entry instead of the whole file (it checks the count).
  const listLength = (key: string): number | undefined => {
    const list = isRecord(parsed) && Object.hasOwn(parsed, key) ? parsed[key] : undefined;
    return Array.isArray(list) ? list.length : undefined;
  };
  const locator = createLocator(bytes > maxBytes ? '' : content, listLength);
  const { locate } = locator;
  const failed = (issues: ConfigIssue[]): ParsedFile => ({
    path: file,
    value: undefined,
    issues,
    locate,
  });
  if (bytes > maxBytes) return failed([sizeIssue(file, bytes, maxBytes)]);
  const raw = safeParse(file, content, locator.lines);
  if (raw.root !== undefined) locator.adopt(raw.root);
  if (raw.issues.length > 0) return failed(raw.issues);
  const value = raw.value ?? {};
  parsed = value;
  if (typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    return failed([
      {
        file,
        ...(locate([]) ?? { line: 1, column: 1 }),
        path: [],
        code: 'invalid_type',
        message: `The top level must be a mapping of resource types (services, ssls, …), not ${kind}`,
      },
    ]);
  }
  const checks = checkValues(file, value, limits.maxDepth ?? DEFAULT_MAX_DEPTH);
  if (checks.length > 0) return failed(checks.map((i) => ({ ...i, ...locate(i.path) })));
  return { path: file, value, issues: [], locate };
};

export type { JsonPath, ParsedFile, ParseLimits, Position };
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_BYTES, parseConfigText, sizeIssue };
