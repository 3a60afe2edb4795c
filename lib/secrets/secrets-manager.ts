/**
 * Reading one secret from AWS Secrets Manager with `GetSecretValue`, and turning SDK failures
 * into a `SecretError` that says what to fix. SDK errors are wrapped once, with `cause`.
 *
 * @example
 * ```ts
 * const raw = await fetchFromSecretsManager(client, 'apisix/prod/admin', 'apisix/prod/admin#key');
 * ```
 */
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SecretError } from './errors.js';

/** Binary secrets must be UTF-8 text; `fatal` turns a bad byte into an error, not U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

interface SdkErrorLike {
  name?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function describeSdkError(err: unknown): { name: string; detail: string } {
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const meta = [
    status === undefined ? '' : `HTTP ${status}`,
    attempts && attempts > 1 ? `${attempts} attempts` : '',
  ].filter(Boolean);
  const suffix = meta.length > 0 ? ` (${meta.join(', ')})` : '';
  return { name, detail: `${name}: ${message}${suffix}` };
}

function wrapSdkError(ref: string, secretId: string, err: unknown): SecretError {
  const { name, detail } = describeSdkError(err);
  const options = { cause: err };
  switch (name) {
    case 'ResourceNotFoundException':
      return new SecretError(
        ref,
        'not_found',
        `secret "${secretId}" not found in Secrets Manager`,
        options,
      );
    case 'AccessDeniedException':
      return new SecretError(
        ref,
        'access_denied',
        `access denied: allow secretsmanager:GetSecretValue on "${secretId}" (${detail})`,
        options,
      );
    case 'DecryptionFailure':
      return new SecretError(
        ref,
        'access_denied',
        `Secrets Manager cannot decrypt it: allow kms:Decrypt on its KMS key (${detail})`,
        options,
      );
    default:
      return new SecretError(ref, 'fetch_failed', `GetSecretValue failed: ${detail}`, options);
  }
}

function decodeBinary(ref: string, bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    // No cause: a decoder error could quote the bytes.
    throw new SecretError(ref, 'fetch_failed', 'the binary secret is not valid UTF-8 text');
  }
}

/**
 * Fetches the current version (`AWSCURRENT`) of a secret as text: `SecretString`, or
 * `SecretBinary` decoded as UTF-8.
 *
 * @example
 * ```ts
 * const text = await fetchFromSecretsManager(new SecretsManagerClient({}), 'git/token', 'git/token');
 * ```
 */
async function fetchFromSecretsManager(
  client: SecretsManagerClient,
  secretId: string,
  ref: string,
): Promise<string> {
  let out: GetSecretValueCommandOutput;
  try {
    out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  } catch (err) {
    throw wrapSdkError(ref, secretId, err);
  }
  if (typeof out.SecretString === 'string') return out.SecretString;
  if (out.SecretBinary instanceof Uint8Array) return decodeBinary(ref, out.SecretBinary);
  throw new SecretError(
    ref,
    'empty',
    `secret "${secretId}" has neither SecretString nor SecretBinary`,
  );
}

/**
 * A client configured from the environment (region, credentials, `AWS_ENDPOINT_URL_*`), the
 * way the resolver builds its default one on first use.
 *
 * @example
 * ```ts
 * const text = await fetchFromSecretsManager(createSecretsManagerClient(), 'git/token', 'git/token');
 * ```
 */
function createSecretsManagerClient(): SecretsManagerClient {
  return new SecretsManagerClient({});
}

export { createSecretsManagerClient, fetchFromSecretsManager };
