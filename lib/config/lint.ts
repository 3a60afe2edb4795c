/**
 * Lint: validates a configuration against the ADC schema and reports every issue at once, each
 * with file and line (when the configuration came from files), the resource and the field path.
 * The same function serves files and a `config` object received over HTTP (paths are then
 * relative to `config`).
 *
 * Lint never rewrites the configuration the differ sees: no schema defaults are added (ADC's
 * CLI adds zod defaults and its server mode does not, so the two never converge; the differ owns
 * defaults). The only change is that numeric strings in numeric fields (`port: "443"`) become
 * numbers, which ADC's `z.coerce.number()` also does and which APISIX requires.
 *
 * @example
 * ```ts
 * try {
 *   const config = lintConfig(loaded.config, { sources: loaded.sources });
 * } catch (err) {
 *   if (err instanceof ConfigError) for (const issue of err.issues) console.log(issue.file, issue.line, issue.message);
 * }
 * ```
 */
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { checkValues } from './check-values.js';
import { describeResource, knownKeysAt } from './describe.js';
import { formatConfigIssues } from './format.js';
import type { ConfigSources } from './merge.js';
import { DEFAULT_MAX_DEPTH, type JsonPath } from './parse.js';
import { type AdcConfig, adcConfigSchema } from './schema.js';
import { unknownKeyMessage } from './suggest.js';

interface LintOptions {
  /** From the loader: maps field paths to file and line. Absent for HTTP input. */
  sources?: ConfigSources;
  /** Deepest accepted nesting (default 64). */
  maxDepth?: number;
}

const MAX_ISSUES = 1000;

const toPath = (path: PropertyKey[]): JsonPath =>
  path.map((p) => (typeof p === 'number' ? p : String(p)));

const codeOf = (issue: z.core.$ZodIssue): string => {
  const params = issue.code === 'custom' ? issue.params : undefined;
  const apisync = params ? Reflect.get(params, 'apisync') : undefined;
  return typeof apisync === 'string' ? apisync : issue.code;
};

/** Zod issues as config issues; one per unknown key, with a "did you mean" hint. */
const fromZod = (issue: z.core.$ZodIssue): { path: JsonPath; message: string; code: string }[] => {
  const path = toPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(adcConfigSchema, path);
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: unknownKeyMessage(key, known),
      code: 'unrecognized_keys',
    }));
  }
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    const field = String(path[path.length - 1] ?? 'value');
    return [
      { path, message: `Missing required field "${field}" (${issue.expected})`, code: 'missing' },
    ];
  }
  return [{ path, message: issue.message, code: codeOf(issue) }];
};

const locateIssue = (
  input: unknown,
  sources: ConfigSources | undefined,
  raw: { path: JsonPath; message: string; code: string },
): ConfigIssue => ({
  ...sources?.locate(raw.path),
  ...describeResource(input, raw.path),
  path: raw.path,
  message: raw.message,
  code: raw.code,
});

/**
 * Every issue of `input`, located; empty when it is a valid ADC configuration.
 *
 * @example
 * ```ts
 * lintIssues({ services: [{ name: 'a', routes: [{ name: 'r' }] }] })[0]?.path; // ['services', 0, 'routes', 0, 'uris']
 * ```
 */
const lintIssues = (input: unknown, options: LintOptions = {}): ConfigIssue[] => {
  const result = safeLint(input, options);
  return result.success ? [] : result.issues;
};

type LintResult = { success: true; config: AdcConfig } | { success: false; issues: ConfigIssue[] };

/**
 * Lint without throwing: the typed configuration, or every located issue.
 *
 * @example
 * ```ts
 * const result = safeLint(body.task.config, {});
 * if (!result.success) return { status: 400, errors: result.issues };
 * ```
 */
const safeLint = (input: unknown, options: LintOptions = {}): LintResult => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const kind = Array.isArray(input) ? 'a list' : input === null ? 'null' : `a ${typeof input}`;
    const message = `The configuration must be a mapping of resource types (services, ssls, …), not ${kind}`;
    return { success: false, issues: [{ path: [], code: 'invalid_type', message }] };
  }
  const structural = checkValues(undefined, input, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  if (structural.length > 0) {
    return {
      success: false,
      issues: structural.map((i) => ({ ...i, ...options.sources?.locate(i.path) })),
    };
  }
  const parsed = adcConfigSchema.safeParse(input);
  if (parsed.success) return { success: true, config: parsed.data };
  const issues = parsed.error.issues
    .flatMap(fromZod)
    .slice(0, MAX_ISSUES)
    .map((raw) => locateIssue(input, options.sources, raw));
  return { success: false, issues };
};

/**
 * Validates `input` and returns it typed, or throws a {@link ConfigError} carrying every issue.
 * Never adds defaults; numeric strings in numeric fields become numbers.
 *
 * @example
 * ```ts
 * const config = lintConfig(body.task.config); // HTTP: issue paths are relative to `config`
 * ```
 */
const lintConfig = (input: unknown, options: LintOptions = {}): AdcConfig => {
  const result = safeLint(input, options);
  if (!result.success) throw new ConfigError(formatConfigIssues(result.issues), result.issues);
  return result.config;
};

export type { LintOptions, LintResult };
export { lintConfig, lintIssues, safeLint };
