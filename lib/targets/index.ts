/**
 * `lib/targets`: the deployment's target list from `APISYNC_TARGETS` (a JSON array the CDK app
 * writes), validated with every problem reported at once, each at its exact path. Secret
 * fields stay references; nothing here resolves them.
 *
 * @example
 * ```ts
 * const targets = loadTargets();          // [] when APISYNC_TARGETS is unset
 * const prod = findTarget(targets, 'prod');
 * ```
 */
import { ConfigError, type ConfigIssue } from '../errors.js';
import { crossCheckIssues, isRecord } from './cross-checks.js';
import { fromZodIssues, targetErrorMessage } from './issues.js';
import { DEFAULT_PATHS, targetListSchema } from './schema.js';
import type {
  GithubSource,
  GitlabSource,
  GitSource,
  LocalSource,
  PruneMode,
  SourceType,
  Target,
  TargetBackend,
  TargetSource,
  TargetTls,
  TargetWebhook,
  WebhookProvider,
} from './types.js';

const ENV_NAME = 'APISYNC_TARGETS';

function formatPath(path: (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

/** Adds the target's name to each issue, orders by target, and builds the error. */
function configError(origin: string, raw: unknown[], issues: ConfigIssue[]): ConfigError {
  const located = issues
    .map((issue) => {
      const index = issue.path[0];
      const item = typeof index === 'number' ? raw[index] : undefined;
      const name = isRecord(item) && typeof item.name === 'string' ? item.name : undefined;
      return {
        ...issue,
        resourceType: 'target',
        ...(name === undefined ? {} : { resourceName: name }),
      };
    })
    .sort((a, b) => Number(a.path[0] ?? -1) - Number(b.path[0] ?? -1));
  const lines = located.map((i) => {
    const who = i.resourceName === undefined ? '' : ` (target "${i.resourceName}")`;
    return `  ${origin}${formatPath(i.path)}${who}: ${i.message}`;
  });
  const count = located.length === 1 ? '1 problem' : `${located.length} problems`;
  return new ConfigError(`${origin} is invalid (${count}):\n${lines.join('\n')}`, located);
}

function parseJson(json: string, origin: string): unknown {
  try {
    return JSON.parse(json);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const issue = { path: [], message: `is not valid JSON: ${why}`, code: 'invalid_json' };
    throw new ConfigError(`${origin} is not valid JSON: ${why}`, [issue]);
  }
}

/**
 * Parses and validates a JSON list of targets, filling defaults (backend `apisix`, prune
 * `owned`, dryRun false, source ref `main`, source paths YAML/JSON everywhere). Throws
 * `ConfigError` listing every issue with its path, e.g. `[0, 'source', 'url']`.
 *
 * @example
 * ```ts
 * parseTargets('[{"name":"dev","servers":["http://127.0.0.1:9180"],"source":{"type":"local","path":"examples"}}]');
 * ```
 */
function parseTargets(json: string, origin = ENV_NAME): Target[] {
  const doc = parseJson(json, origin);
  if (!Array.isArray(doc)) {
    const hint = isRecord(doc) ? ' (wrap a single target in [ ])' : '';
    const issue = {
      path: [],
      message: `must be a JSON array of targets${hint}`,
      code: 'invalid_type',
    };
    throw new ConfigError(`${origin} must be a JSON array of targets${hint}`, [issue]);
  }
  const result = targetListSchema.safeParse(doc, { error: targetErrorMessage });
  const issues = [
    ...(result.success ? [] : fromZodIssues(result.error.issues)),
    ...crossCheckIssues(doc),
  ];
  if (issues.length > 0 || !result.success) throw configError(origin, doc, issues);
  return result.data;
}

/**
 * The targets of this deployment from `env.APISYNC_TARGETS`; `[]` when it is unset or blank.
 * Reads the environment at call time, never at import.
 *
 * @example
 * ```ts
 * for (const target of loadTargets()) await reconcile(target);
 * ```
 */
function loadTargets(env: Record<string, string | undefined> = process.env): Target[] {
  const json = env[ENV_NAME];
  if (json === undefined || json.trim() === '') return [];
  return parseTargets(json, ENV_NAME);
}

let memo: { json: string | undefined; targets: Target[] } | undefined;

/**
 * `loadTargets`, parsed once per distinct `APISYNC_TARGETS` value: what a handler calls on every
 * invocation (the env is still read each time, so a changed value is picked up). An invalid list
 * is never remembered, so it throws its issues on every call.
 *
 * @example
 * ```ts
 * export const handler = async (event) => {
 *   const target = findTarget(currentTargets(), event.target);
 * };
 * ```
 */
function currentTargets(env: Record<string, string | undefined> = process.env): Target[] {
  const json = env[ENV_NAME];
  if (memo && memo.json === json) return memo.targets;
  const targets = loadTargets(env);
  memo = { json, targets };
  return targets;
}

/**
 * Forgets the list `currentTargets` remembered (tests).
 *
 * @example
 * ```ts
 * afterEach(() => clearTargetsCache());
 * ```
 */
function clearTargetsCache(): void {
  memo = undefined;
}

/**
 * The target called `name`, or `undefined` (the caller decides whether that is an error).
 *
 * @example
 * ```ts
 * const target = findTarget(loadTargets(), event.target);
 * if (!target) throw new Error(`unknown target ${event.target}`);
 * ```
 */
function findTarget(targets: readonly Target[], name: string): Target | undefined {
  return targets.find((t) => t.name === name);
}

/**
 * Every secret reference a target uses (admin key, TLS material, source token, webhook
 * secrets), deduplicated: what the infra grants `GetSecretValue` on, and what a warm-up may
 * resolve.
 *
 * @example
 * ```ts
 * const ids = secretRefsOf(target).filter(isSecretsManagerRef).map(secretsManagerIdOf);
 * ```
 */
function secretRefsOf(target: Target): string[] {
  const refs = [
    target.adminKey,
    target.tls?.ca,
    target.tls?.clientCert,
    target.tls?.clientKey,
    target.source.type === 'local' ? undefined : target.source.token,
    ...(target.webhook?.secrets ?? []),
  ];
  return [...new Set(refs.filter((r): r is string => r !== undefined))];
}

export type {
  GithubSource,
  GitlabSource,
  GitSource,
  LocalSource,
  PruneMode,
  SourceType,
  Target,
  TargetBackend,
  TargetSource,
  TargetTls,
  TargetWebhook,
  WebhookProvider,
};
export {
  clearTargetsCache,
  currentTargets,
  DEFAULT_PATHS,
  findTarget,
  loadTargets,
  parseTargets,
  secretRefsOf,
};
