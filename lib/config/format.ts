/**
 * Human-readable text for configuration issues: one line per issue with file:line:col, the
 * resource and the field path. Used as the {@link ConfigError} message; the structured issues
 * travel alongside it.
 *
 * @example
 * ```ts
 * formatPath(['services', 0, 'routes', 1, 'uris']); // 'services[0].routes[1].uris'
 * ```
 */
import type { ConfigIssue } from '../errors.js';

const MAX_LINES = 50;

/**
 * A field path in the dotted/indexed form users read in their editor.
 *
 * @example
 * ```ts
 * formatPath(['global_rules', 'ip-restriction']); // 'global_rules.ip-restriction'
 * ```
 */
const formatPath = (path: (string | number)[]): string =>
  path.reduce<string>(
    (text, segment) =>
      typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment,
    '',
  );

/**
 * One issue on one line: `file:line:col service "httpbin" services[0].name: message`.
 *
 * @example
 * ```ts
 * formatConfigIssue({ file: 'a.yaml', line: 3, column: 5, path: ['services'], message: 'x' }); // 'a.yaml:3:5 services: x'
 * ```
 */
const formatConfigIssue = (issue: ConfigIssue): string => {
  const position = issue.file
    ? [issue.file, issue.line, issue.line === undefined ? undefined : issue.column]
        .filter((p) => p !== undefined)
        .join(':')
    : '';
  const resource = issue.resourceType
    ? `${issue.resourceType}${issue.resourceName === undefined ? '' : ` "${issue.resourceName}"`}`
    : '';
  const where = [position, resource, formatPath(issue.path)].filter(Boolean).join(' ');
  return where ? `${where}: ${issue.message}` : issue.message;
};

/**
 * A summary line (with every unset environment variable named) followed by one line per issue,
 * at most 50 of them.
 *
 * @example
 * ```ts
 * formatConfigIssues(error.issues).split('\n')[0]; // 'Invalid configuration: 2 problems; unset environment variables: A, B'
 * ```
 */
const formatConfigIssues = (issues: ConfigIssue[]): string => {
  const unset = [
    ...new Set(
      issues.filter((i) => i.code === 'env_unset').map((i) => /"(\w+)"/.exec(i.message)?.[1]),
    ),
  ].filter((name): name is string => name !== undefined);
  const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  const header = `Invalid configuration: ${count}${unset.length > 0 ? `; unset environment variables: ${unset.join(', ')}` : ''}`;
  const lines = issues.slice(0, MAX_LINES).map((i) => `  ${formatConfigIssue(i)}`);
  if (issues.length > MAX_LINES) lines.push(`  … and ${issues.length - MAX_LINES} more`);
  return [header, ...lines].join('\n');
};

export { formatConfigIssue, formatConfigIssues, formatPath };
