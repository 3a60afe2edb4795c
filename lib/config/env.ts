/**
 * `${VAR}` substitution in configuration values (never keys), ADC's `recursiveReplaceEnvVars`
 * with two additions: `${VAR:-default}` and an error for unset variables. ADC silently
 * substitutes an empty string; `allowEmptyEnv` restores that behaviour.
 *
 * - `${NAME}`: the variable's value (`NAME` is word characters, as in ADC);
 * - `${NAME:-fallback}`: the fallback when `NAME` is unset or empty (shell semantics);
 * - `\${NAME}`: the literal text `${NAME}`.
 *
 * @example
 * ```ts
 * const { value, unset } = substituteEnv({ host: '${HOST:-localhost}' }, { HOST: 'api.internal' });
 * // value = { host: 'api.internal' }, unset = []
 * ```
 */
import { setOwn } from './own.js';

type EnvSource = Record<string, string | undefined>;
type JsonPath = (string | number)[];

interface UnsetVariable {
  name: string;
  /** Where the reference was found, from the document root. */
  path: JsonPath;
}

interface SubstituteOptions {
  /** Substitute an empty string for an unset variable without a default (ADC's behaviour). */
  allowEmptyEnv?: boolean;
}

interface SubstituteResult<T> {
  value: T;
  /** Every reference to an unset variable without a default; empty when `allowEmptyEnv`. */
  unset: UnsetVariable[];
}

const REFERENCE = /\\\$\{(\w+(?::-[^}]*)?)\}|\$\{(\w+)(?::-([^}]*))?\}/g;

interface WalkContext {
  env: EnvSource;
  options: SubstituteOptions;
  unset: UnsetVariable[];
  /** The path of the value being visited; copied only when an unset variable is reported. */
  path: JsonPath;
}

const replaceString = (text: string, ctx: WalkContext): string =>
  text.replace(
    REFERENCE,
    (_match, escaped: string | undefined, name: string | undefined, fallback?: string) => {
      if (escaped !== undefined) return `\${${escaped}}`;
      const key = name ?? '';
      const found = ctx.env[key];
      if (fallback !== undefined) return found ? found : fallback;
      if (found !== undefined) return found;
      if (!ctx.options.allowEmptyEnv) ctx.unset.push({ name: key, path: [...ctx.path] });
      return '';
    },
  );

/** A copy of `value` with references replaced; one shared path, so no allocation per node. */
const walk = (value: unknown, ctx: WalkContext): unknown => {
  if (typeof value === 'string') return value.includes('${') ? replaceString(value, ctx) : value;
  if (typeof value !== 'object' || value === null) return value;
  const { path } = ctx;
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) => {
      path.push(index);
      const out = walk(item, ctx);
      path.pop();
      return out;
    });
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    path.push(key);
    setOwn(out, key, walk(item, ctx));
    path.pop();
  }
  return out;
};

/**
 * Replaces `${VAR}` references in every string value of `value` (keys are left alone) and
 * reports references to unset variables. Does not mutate its input.
 *
 * @example
 * ```ts
 * substituteEnv(['\\${KEEP}', '${MISSING}'], {}).unset; // [{ name: 'MISSING', path: [1] }]
 * ```
 */
const substituteEnv = <T>(
  value: T,
  env: EnvSource,
  options: SubstituteOptions = {},
): SubstituteResult<T> => {
  const ctx: WalkContext = { env, options, unset: [], path: [] };
  // walk() returns the same shape it was given: objects stay objects, strings stay strings.
  const out = walk(value, ctx) as T;
  return { value: out, unset: ctx.unset };
};

export type { EnvSource, SubstituteOptions, SubstituteResult, UnsetVariable };
export { substituteEnv };
