/**
 * Which Secrets Manager secrets each function may read, derived from the secret *references*
 * in the deployment config (never values), and the IAM resource ARNs that name exactly them.
 *
 * A reference is `env:NAME`, `file:PATH` (not Secrets Manager), or a Secrets Manager name or
 * ARN, optionally followed by `#field`. `lib/secrets` owns the runtime side of this grammar;
 * the infra keeps its own small parser so synth does not depend on runtime modules.
 *
 * @example
 * ```ts
 * const ids = secretIdsFor(config, 'reconcile'); // ['apisix/prod', 'arn:aws:secretsmanager:…']
 * const arns = ids.flatMap((id) => secretResourceArns(id, stack));
 * ```
 */
import { ArnFormat, type Stack } from 'aws-cdk-lib';
import type { DeployConfig, DeployTarget, FunctionName } from './props.js';

const NON_SECRETS_MANAGER_PREFIXES = ['env:', 'file:'];
/** Secrets Manager appends `-` and six random characters to every secret's name in its ARN. */
const ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

/**
 * Whether a reference points at Secrets Manager (as opposed to `env:`/`file:`).
 *
 * @example
 * ```ts
 * isSecretsManagerRef('env:ADMIN_KEY'); // false
 * isSecretsManagerRef('apisix/prod#key'); // true
 * ```
 */
function isSecretsManagerRef(ref: string): boolean {
  return ref.length > 0 && !NON_SECRETS_MANAGER_PREFIXES.some((p) => ref.startsWith(p));
}

/**
 * The secret id (name or ARN) of a Secrets Manager reference, without its `#field`.
 *
 * @example
 * ```ts
 * secretsManagerIdOf('apisix/prod#key'); // 'apisix/prod'
 * ```
 */
function secretsManagerIdOf(ref: string): string {
  const hash = ref.indexOf('#');
  return hash === -1 ? ref : ref.slice(0, hash);
}

/** Gateway credentials: what reconciling (dump + apply + read source) needs. */
function gatewayRefs(target: DeployTarget): string[] {
  const tls = target.tls;
  return [target.adminKey, tls?.ca, tls?.clientCert, tls?.clientKey, target.source?.token].filter(
    (ref): ref is string => typeof ref === 'string',
  );
}

function webhookRefs(target: DeployTarget): string[] {
  return target.webhook?.secrets ?? [];
}

/**
 * The Secrets Manager ids a function reads, deduplicated and sorted:
 * - `reconcile`: each target's admin key, TLS material and source token, plus `secrets`;
 * - `git-webhook`: each target's webhook secrets only;
 * - `sync-api`: the bearer token secret (bearer mode) plus `secrets`.
 *
 * @example
 * ```ts
 * secretIdsFor(config, 'git-webhook'); // ['github/webhook']
 * ```
 */
function secretIdsFor(config: DeployConfig, fn: FunctionName): string[] {
  let refs: string[];
  if (fn === 'reconcile') refs = [...config.targets.flatMap(gatewayRefs), ...config.secrets];
  else if (fn === 'git-webhook') refs = config.targets.flatMap(webhookRefs);
  else {
    const token = config.syncApiAuth === 'bearer' ? config.syncApiTokenSecret : undefined;
    refs = [...(token === undefined ? [] : [token]), ...config.secrets];
  }
  const ids = refs.filter(isSecretsManagerRef).map(secretsManagerIdOf);
  return [...new Set(ids)].sort();
}

/**
 * IAM resource ARNs matching exactly one secret id.
 * - A name becomes this account's and region's ARN plus `-??????` (the random suffix).
 * - A complete ARN (ending in the suffix) is granted as is, and also with `-??????` because a
 *   name may itself end in six alphanumerics; a partial ARN gets the `-??????` form only.
 *
 * @example
 * ```ts
 * secretResourceArns('apisix/prod', stack);
 * // ['arn:${Partition}:secretsmanager:${Region}:${Account}:secret:apisix/prod-??????']
 * ```
 */
function secretResourceArns(id: string, stack: Stack): string[] {
  if (id.startsWith('arn:')) {
    return ARN_SUFFIX.test(id) ? [id, `${id}-??????`] : [`${id}-??????`];
  }
  const arn = stack.formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${id}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  return [arn];
}

export { isSecretsManagerRef, secretIdsFor, secretResourceArns, secretsManagerIdOf };
