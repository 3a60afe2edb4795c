/**
 * Loads ADC configuration from files (paths and globs) or from in-memory texts (the git source
 * hands files over this way): parse, `${VAR}` substitution per file, merge by key. Every
 * problem of every file is collected before one {@link ConfigError} is thrown.
 *
 * @example
 * ```ts
 * const loaded = await loadConfigFiles(['adc/**\/*.yaml'], { cwd: repoDir, env: process.env });
 * const config = lintConfig(loaded.config, { sources: loaded.sources });
 * ```
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { type EnvSource, substituteEnv } from './env.js';
import { formatConfigIssues } from './format.js';
import { type ConfigSources, mergeFiles } from './merge.js';
import { DEFAULT_MAX_FILE_BYTES, type ParsedFile, parseConfigText, sizeIssue } from './parse.js';

interface LoadOptions {
  /** Base directory for relative paths and globs; file names in issues are relative to it. Default `process.cwd()`. */
  cwd?: string;
  /** Variables for `${VAR}`; default `process.env`, read at call time. */
  env?: EnvSource;
  /** ADC behaviour: an unset variable without a default becomes "" instead of an error. */
  allowEmptyEnv?: boolean;
  /** Largest accepted file in bytes (default 16 MiB). */
  maxFileBytes?: number;
  /** Deepest accepted nesting (default 64). */
  maxDepth?: number;
}

interface LoadedConfig {
  /** The merged configuration, not yet linted. */
  config: Record<string, unknown>;
  /** File and line of every merged resource's fields, for lint issues. */
  sources: ConfigSources;
  /** The files read, in merge order. */
  files: string[];
}

interface TextFile {
  path: string;
  content: string;
}

const envIssues = (
  file: ParsedFile,
  options: LoadOptions,
): { file: ParsedFile; issues: ConfigIssue[] } => {
  const result = substituteEnv(file.value, options.env ?? process.env, options);
  const issues = result.unset.map(
    (u): ConfigIssue => ({
      file: file.path,
      ...file.locate(u.path),
      path: u.path,
      code: 'env_unset',
      message: `Environment variable "${u.name}" is not set (give a default with \${${u.name}:-value})`,
    }),
  );
  return { file: { ...file, value: result.value }, issues };
};

/** Parse, substitute and merge; returns the result and every issue found on the way. */
const collect = (texts: TextFile[], preIssues: ConfigIssue[], options: LoadOptions) => {
  const issues = [...preIssues];
  const parsed: ParsedFile[] = [];
  for (const text of texts) {
    const file = parseConfigText(text, options);
    issues.push(...file.issues);
    if (file.issues.length > 0) continue;
    const substituted = envIssues(file, options);
    issues.push(...substituted.issues);
    parsed.push(substituted.file);
  }
  const merged = mergeFiles(parsed);
  issues.push(...merged.issues);
  const loaded: LoadedConfig = {
    config: merged.config,
    sources: merged.sources,
    files: texts.map((t) => t.path),
  };
  return { loaded, issues };
};

const fail = (issues: ConfigIssue[]): never => {
  throw new ConfigError(formatConfigIssues(issues), issues);
};

/**
 * Loads in-memory files (`.json` as JSON, anything else as YAML), merged in the given order.
 * Throws a {@link ConfigError} listing every parse, environment, duplicate and unknown-key issue.
 *
 * @example
 * ```ts
 * const { config } = loadConfigTexts([{ path: 'adc.yaml', content: 'services: []' }], { env: {} });
 * ```
 */
const loadConfigTexts = (files: TextFile[], options: LoadOptions = {}): LoadedConfig => {
  const { loaded, issues } = collect(files, [], options);
  if (issues.length > 0) fail(issues);
  return loaded;
};

const displayName = (cwd: string, file: string): string => path.relative(cwd, file) || file;

/** Expands patterns to files in order, without duplicates; unmatched patterns become issues. */
const resolvePatterns = async (patterns: string[], cwd: string) => {
  const files: string[] = [];
  const issues: ConfigIssue[] = [];
  for (const pattern of patterns) {
    let matches: string[];
    if (isDynamicPattern(pattern)) {
      matches = (
        await glob(pattern, { cwd, absolute: true, onlyFiles: true, expandDirectories: false })
      ).sort();
    } else {
      const file = path.resolve(cwd, pattern);
      const info = await stat(file).catch(() => undefined);
      matches = info?.isFile() ? [file] : [];
    }
    if (matches.length === 0) {
      issues.push({
        file: pattern,
        path: [],
        code: 'not_found',
        message: `No configuration file matches "${pattern}"`,
      });
    }
    for (const match of matches) if (!files.includes(match)) files.push(match);
  }
  return { files, issues };
};

/**
 * Loads configuration files given as paths or globs (relative to `cwd`), checks each file's size
 * before reading it, and merges them in pattern order (matches of one glob sorted by path).
 *
 * @example
 * ```ts
 * const loaded = await loadConfigFiles(['adc.yaml', 'services/*.yaml'], { cwd: '/repo', env: { HOST: 'x' } });
 * ```
 */
const loadConfigFiles = async (
  patterns: string[],
  options: LoadOptions = {},
): Promise<LoadedConfig> => {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const resolved = await resolvePatterns(patterns, cwd);
  const issues = [...resolved.issues];
  const texts: TextFile[] = [];
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  for (const file of resolved.files) {
    const name = displayName(cwd, file);
    const { size } = await stat(file);
    if (size > limit) issues.push(sizeIssue(name, size, limit));
    else texts.push({ path: name, content: await readFile(file, 'utf8') });
  }
  const result = collect(texts, issues, options);
  if (result.issues.length > 0) fail(result.issues);
  return result.loaded;
};

export type { LoadedConfig, LoadOptions, TextFile };
export { loadConfigFiles, loadConfigTexts };
