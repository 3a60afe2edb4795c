/**
 * Merges parsed files into one configuration, ADC's way: resources keyed by name (username for
 * consumers, SNIs joined with "," for SSLs, plugin name for global rules and plugin metadata).
 * A duplicate key is an issue naming both places; so is an unknown top-level key. Every merged
 * resource remembers where it came from, so lint can point at file and line.
 *
 * @example
 * ```ts
 * const { config, sources, issues } = mergeFiles([parsedA, parsedB]);
 * sources.locate(['services', 3, 'routes', 0, 'uris']); // { file: 'b.yaml', line: 12, column: 9 }
 * ```
 */
import type { ConfigIssue } from '../errors.js';
import type { JsonPath, ParsedFile, Position } from './parse.js';
import { TOP_LEVEL_KEYS, type TopLevelKey } from './schema.js';
import { unknownKeyMessage } from './suggest.js';

/** Where a field of the merged configuration was written. */
interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** Maps a field path of a configuration back to its file and position. */
interface ConfigSources {
  locate(path: JsonPath): SourceLocation | undefined;
}

interface MergeResult {
  config: Record<string, unknown>;
  sources: ConfigSources;
  issues: ConfigIssue[];
}

const RESOURCE_TYPE: Record<TopLevelKey, string> = {
  services: 'service',
  ssls: 'ssl',
  consumers: 'consumer',
  consumer_groups: 'consumer_group',
  global_rules: 'global_rule',
  plugin_metadata: 'plugin_metadata',
};

const isTopLevelKey = (key: string): key is TopLevelKey =>
  (TOP_LEVEL_KEYS as readonly string[]).includes(key);

/**
 * A plain object (not null, not an array).
 *
 * @example
 * ```ts
 * isRecord({}); // true
 * isRecord([]); // false
 * ```
 */
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The merge key of one list item (`undefined` when it has none; lint reports that).
 *
 * @example
 * ```ts
 * resourceKey('ssls', { snis: ['a.com', 'b.com'] }); // 'a.com,b.com'
 * ```
 */
const resourceKey = (type: TopLevelKey, item: unknown): string | undefined => {
  if (!isRecord(item)) return undefined;
  if (type === 'ssls') {
    const snis = item.snis;
    return Array.isArray(snis) && snis.every((s) => typeof s === 'string')
      ? snis.join(',')
      : undefined;
  }
  const key = type === 'consumers' ? item.username : item.name;
  return typeof key === 'string' ? key : undefined;
};

const where = (file: string, pos: Position | undefined): string =>
  pos ? `${file}:${pos.line}` : file;

class MergedSources implements ConfigSources {
  private readonly origins = new Map<string, { file: ParsedFile; path: JsonPath }>();

  add(top: string, slot: string | number, file: ParsedFile, path: JsonPath): void {
    this.origins.set(`${top}\u0000${slot}`, { file, path });
  }

  locate(path: JsonPath): SourceLocation | undefined {
    const [top, slot, ...rest] = path;
    const origin = this.origins.get(`${String(top)}\u0000${String(slot)}`);
    if (!origin) return undefined;
    return { file: origin.file.path, ...origin.file.locate([...origin.path, ...rest]) };
  }
}

interface MergeState {
  lists: Partial<Record<TopLevelKey, unknown[]>>;
  records: Partial<Record<TopLevelKey, Record<string, unknown>>>;
  sources: MergedSources;
  issues: ConfigIssue[];
  /** First place of every key: `<top>\0<key>` → file and path (located only for a duplicate). */
  seen: Map<string, { file: ParsedFile; path: JsonPath }>;
}

const addEntry = (
  state: MergeState,
  file: ParsedFile,
  top: TopLevelKey,
  key: string | undefined,
  path: JsonPath,
): boolean => {
  if (key === undefined) return true;
  const first = state.seen.get(`${top}\u0000${key}`);
  if (first === undefined) {
    // Positions cost a parse of the file: compute them only for a duplicate.
    state.seen.set(`${top}\u0000${key}`, { file, path });
    return true;
  }
  const here = file.locate(path);
  const firstAt = where(first.file.path, first.file.locate(first.path));
  const type = RESOURCE_TYPE[top];
  state.issues.push({
    file: file.path,
    ...here,
    resourceType: type,
    resourceName: key,
    path,
    code: 'duplicate',
    message: `Duplicate ${type} "${key}" in ${where(file.path, here)}, first defined in ${firstAt}`,
  });
  return false;
};

const mergeList = (state: MergeState, file: ParsedFile, top: TopLevelKey, value: unknown[]) => {
  const target = state.lists[top] ?? [];
  state.lists[top] = target;
  value.forEach((item, index) => {
    if (!addEntry(state, file, top, resourceKey(top, item), [top, index])) return;
    state.sources.add(top, target.length, file, [top, index]);
    target.push(item);
  });
};

const mergeRecord = (
  state: MergeState,
  file: ParsedFile,
  top: TopLevelKey,
  value: Record<string, unknown>,
) => {
  const target = state.records[top] ?? {};
  state.records[top] = target;
  for (const [plugin, conf] of Object.entries(value)) {
    if (!addEntry(state, file, top, plugin, [top, plugin])) continue;
    state.sources.add(top, plugin, file, [top, plugin]);
    target[plugin] = conf;
  }
};

const mergeFile = (state: MergeState, file: ParsedFile, doc: Record<string, unknown>) => {
  for (const [top, value] of Object.entries(doc)) {
    const here = () => ({ file: file.path, ...file.locate([top]), path: [top] });
    if (!isTopLevelKey(top)) {
      state.issues.push({
        ...here(),
        code: 'unrecognized_keys',
        message: unknownKeyMessage(top, TOP_LEVEL_KEYS),
      });
    } else if (value === null || value === undefined) {
      // `services:` with nothing under it: an empty section, as in ADC.
    } else if (top === 'global_rules' || top === 'plugin_metadata') {
      if (isRecord(value)) mergeRecord(state, file, top, value);
      else
        state.issues.push({
          ...here(),
          code: 'invalid_type',
          message: `"${top}" must be a mapping of plugin name to configuration`,
        });
    } else if (Array.isArray(value)) {
      mergeList(state, file, top, value);
    } else {
      state.issues.push({ ...here(), code: 'invalid_type', message: `"${top}" must be a list` });
    }
  }
};

/**
 * Merges parsed files (in order) into one configuration; files with parse issues are skipped.
 *
 * @example
 * ```ts
 * mergeFiles([parseConfigText({ path: 'a.yaml', content: 'services: []' })]).config; // { services: [] }
 * ```
 */
const mergeFiles = (files: ParsedFile[]): MergeResult => {
  const state: MergeState = {
    lists: {},
    records: {},
    sources: new MergedSources(),
    issues: [],
    seen: new Map(),
  };
  for (const file of files) {
    if (isRecord(file.value)) mergeFile(state, file, file.value);
  }
  const config: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_KEYS) {
    const value = state.lists[key] ?? state.records[key];
    if (value !== undefined) config[key] = value;
  }
  return { config, sources: state.sources, issues: state.issues };
};

export type { ConfigSources, MergeResult, SourceLocation };
export { isRecord, mergeFiles, RESOURCE_TYPE, resourceKey };
