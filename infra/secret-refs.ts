/**
 * Which Secrets Manager secrets each function may read, derived from the secret *references*
 * in the deployment config (never values), and the IAM resource ARNs that name exactly them.
 *
 * A reference is `env:NAME`, `file:PATH` (not Secrets Manager), or a Secrets Manager name or
 * ARN, optionally followed by `#field`; `lib/secrets` owns that grammar and the infra uses its
 * parser, so IAM is scoped by exactly the rule the functions resolve references with.
 *
 * @example
 * ```ts
 * const ids = secretIdsFor(config, 'reconcile'); // ['apisix/prod', 'arn:aws:secretsmanager:…']
 * const arns = ids.flatMap((id) => secretResourceArns(id, stack));
 * ```
 */
import { ArnFormat, type Stack } from 'aws-cdk-lib';
import { isSecretsManagerRef, secretsManagerIdOf } from '../lib/secrets/index.js';
import type { DeployConfig, DeployTarget, FunctionName } from './props.js';

/** Secrets Manager appends `-` and six random characters to every secret's name in its ARN. */
const ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

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

export { secretIdsFor, secretResourceArns };
