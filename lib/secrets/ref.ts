/**
 * Secret reference syntax. A reference is `env:NAME`, `file:PATH`, or a Secrets Manager secret
 * id or ARN, optionally followed by `#field` to pick one key of a JSON secret string. The
 * reference is split at its last `#`, so a field name cannot contain `#`.
 *
 * @example
 * ```ts
 * parseSecretRef('arn:aws:secretsmanager:eu-west-1:123456789012:secret:apisix-admin#key');
 * // { kind: 'secretsmanager', secretId: 'arn:…:secret:apisix-admin', field: 'key', … }
 * ```
 */
import { SecretError } from './errors.js';

type SecretRef =
  | { kind: 'env'; ref: string; name: string; field?: string }
  | { kind: 'file'; ref: string; path: string; field?: string }
  | { kind: 'secretsmanager'; ref: string; secretId: string; field?: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Secrets Manager names: 1–512 of these characters (API reference, CreateSecret `Name`). */
const SM_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SM_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

function splitField(ref: string): { base: string; field?: string } {
  const at = ref.lastIndexOf('#');
  if (at < 0) return { base: ref };
  return { base: ref.slice(0, at), field: ref.slice(at + 1) };
}

/**
 * Parses a reference leniently: any string that is not `env:`/`file:` is a Secrets Manager id,
 * and Secrets Manager itself judges whether it exists. Throws `SecretError` (`invalid_ref`) only
 * for empty parts.
 *
 * @example
 * ```ts
 * parseSecretRef('env:GIT_TOKEN'); // { kind: 'env', name: 'GIT_TOKEN', ref: 'env:GIT_TOKEN' }
 * parseSecretRef('file:/run/secrets/admin.json#key'); // kind 'file', path, field 'key'
 * ```
 */
function parseSecretRef(ref: string): SecretRef {
  const { base, field } = splitField(ref);
  if (field !== undefined && field === '') {
    throw new SecretError(ref, 'invalid_ref', 'the field after "#" is empty');
  }
  const withField = field === undefined ? {} : { field };
  if (base.startsWith('env:')) {
    const name = base.slice(4);
    if (name === '') throw new SecretError(ref, 'invalid_ref', 'the variable name is empty');
    return { kind: 'env', ref, name, ...withField };
  }
  if (base.startsWith('file:')) {
    const path = base.slice(5);
    if (path === '') throw new SecretError(ref, 'invalid_ref', 'the file path is empty');
    return { kind: 'file', ref, path, ...withField };
  }
  if (base.trim() === '') throw new SecretError(ref, 'invalid_ref', 'the reference is empty');
  return { kind: 'secretsmanager', ref, secretId: base, ...withField };
}

/**
 * Whether a reference names a Secrets Manager secret (anything that is not `env:` or `file:`).
 *
 * @example
 * ```ts
 * isSecretsManagerRef('apisix/prod/admin#key'); // true
 * isSecretsManagerRef('env:ADMIN_KEY'); // false
 * ```
 */
function isSecretsManagerRef(ref: string): boolean {
  return !ref.startsWith('env:') && !ref.startsWith('file:') && splitField(ref).base.trim() !== '';
}

/**
 * The Secrets Manager id or ARN of a reference, without its `#field`: what IAM policies and
 * `GetSecretValue` need. Throws `SecretError` for `env:`/`file:` references.
 *
 * @example
 * ```ts
 * secretsManagerIdOf('arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin#key');
 * // 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin'
 * ```
 */
function secretsManagerIdOf(ref: string): string {
  const parsed = parseSecretRef(ref);
  if (parsed.kind !== 'secretsmanager') {
    throw new SecretError(ref, 'invalid_ref', 'is not a Secrets Manager reference');
  }
  return parsed.secretId;
}

/**
 * Strict syntax check for configuration (`APISYNC_TARGETS`): returns a problem description, or
 * `undefined` when the reference is well formed. The description never repeats the reference,
 * so a value pasted where a reference belongs is not echoed into an error.
 *
 * @example
 * ```ts
 * checkSecretRef('env:ADMIN KEY'); // 'env: must be followed by a variable name ([A-Za-z_][A-Za-z0-9_]*)'
 * checkSecretRef('apisix/prod/admin#key'); // undefined
 * ```
 */
function checkSecretRef(ref: string): string | undefined {
  const { base, field } = splitField(ref);
  if (field !== undefined && field === '') return 'the field after "#" is empty';
  if (base.startsWith('env:')) {
    return ENV_NAME.test(base.slice(4))
      ? undefined
      : 'env: must be followed by a variable name ([A-Za-z_][A-Za-z0-9_]*)';
  }
  if (base.startsWith('file:')) {
    return base.length > 5 && !/[\r\n]/.test(base) ? undefined : 'file: must be followed by a path';
  }
  if (base.startsWith('arn:')) {
    return SM_ARN.test(base) ? undefined : 'an ARN reference must be a Secrets Manager secret ARN';
  }
  return SM_NAME.test(base)
    ? undefined
    : 'must be env:NAME, file:PATH, or a Secrets Manager secret name or ARN (optionally #field)';
}

export type { SecretRef };
export { checkSecretRef, isSecretsManagerRef, parseSecretRef, secretsManagerIdOf };
