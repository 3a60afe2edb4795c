/**
 * zod issues → apisync `ConfigIssue`s with exact paths and messages a person can act on.
 * Messages describe what is expected and never echo the input (a value pasted where a secret
 * reference belongs must not be repeated into logs).
 *
 * @example
 * ```ts
 * const r = targetListSchema.safeParse(input, { error: targetErrorMessage });
 * if (!r.success) issues.push(...fromZodIssues(r.error.issues));
 * ```
 */
import type { z } from 'zod';
import type { ConfigIssue } from '../errors.js';

type ZodIssue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

function quoteAll(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function sizeMessage(issue: RawIssue & { code: 'too_small' | 'too_big' }): string | undefined {
  if (issue.origin !== 'number' && issue.origin !== 'int') return undefined;
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const op = issue.code === 'too_small' ? '≥' : '≤';
  return `must be ${op} ${String(bound)}`;
}

/**
 * The per-parse zod error map: wording for issues whose schema gave no message.
 *
 * @example
 * ```ts
 * targetListSchema.safeParse(input, { error: targetErrorMessage });
 * ```
 */
function targetErrorMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${withArticle(issue.expected)}`;
    case 'invalid_value':
      return `must be one of ${quoteAll(issue.values)}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown }).options;
      if (!Array.isArray(options)) return undefined;
      return issue.input === undefined
        ? `is required: one of ${quoteAll(options)}`
        : `must be one of ${quoteAll(options)}`;
    }
    case 'too_small':
    case 'too_big':
      return sizeMessage(issue);
    default:
      return undefined;
  }
}

function cleanPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

/**
 * Maps zod issues to `ConfigIssue`s; an unknown key becomes one issue at its own path.
 *
 * @example
 * ```ts
 * fromZodIssues(result.error.issues); // [{ path: [0, 'source', 'url'], message: 'must be an http(s) URL', code: 'custom' }]
 * ```
 */
function fromZodIssues(issues: readonly ZodIssue[]): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = cleanPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: 'is not a known field',
        code: 'unrecognized_key',
      }));
    }
    return [{ path, message: issue.message, code: issue.code }];
  });
}

export { fromZodIssues, targetErrorMessage };
