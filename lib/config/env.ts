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

const replaceString = (
  text: string,
  env: EnvSource,
  path: JsonPath,
  unset: UnsetVariable[],
  options: SubstituteOptions,
): string => {
  if (!text.includes('${')) return text;
  return text.replace(
    REFERENCE,
    (_match, escaped: string | undefined, name: string | undefined, fallback?: string) => {
      if (escaped !== undefined) return `\${${escaped}}`;
      const key = name ?? '';
      const found = env[key];
      if (fallback !== undefined) return found ? found : fallback;
      if (found !== undefined) return found;
      if (!options.allowEmptyEnv) unset.push({ name: key, path });
      return '';
    },
  );
};

const walk = (
  value: unknown,
  env: EnvSource,
  path: JsonPath,
  unset: UnsetVariable[],
  options: SubstituteOptions,
): unknown => {
  if (typeof value === 'string') return replaceString(value, env, path, unset, options);
  if (Array.isArray(value)) {
    return value.map((item, index) => walk(item, env, [...path, index], unset, options));
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = walk(item, env, [...path, key], unset, options);
    }
    return out;
  }
  return value;
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
  const unset: UnsetVariable[] = [];
  // walk() returns the same shape it was given: objects stay objects, strings stay strings.
  const out = walk(value, env, [], unset, options) as T;
  return { value: out, unset };
};

export type { EnvSource, SubstituteOptions, SubstituteResult, UnsetVariable };
export { substituteEnv };
