/**
 * The in-memory secret store behind the Secrets Manager stand-in: secrets with versions and
 * staging labels, looked up the way the real service does (name, full ARN, or partial ARN
 * without the 6-character suffix). Answers use the documented `GetSecretValue` shapes.
 *
 * @example
 * ```ts
 * const store = new SecretStore('us-east-1', '123456789012');
 * store.put('git/token', 'ghp_1');
 * store.getSecretValue({ SecretId: 'git/token' }); // { body: { ARN, Name, SecretString, … } }
 * ```
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SecretsManagerFault } from './secrets-manager.js';

interface SecretVersion {
  id: string;
  value: string | Uint8Array;
  createdAt: number;
  stages: Set<string>;
}

interface StoredSecret {
  name: string;
  arn: string;
  versions: SecretVersion[];
}

type GetResult = { body: Record<string, unknown> } | { fault: SecretsManagerFault };

const NOT_FOUND: SecretsManagerFault = {
  status: 400,
  type: 'ResourceNotFoundException',
  message: "Secrets Manager can't find the specified secret.",
};

function arnSuffix(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(6)].map((b) => alphabet[b % alphabet.length]).join('');
}

class SecretStore {
  readonly #secrets = new Map<string, StoredSecret>();
  readonly #arnPrefix: string;

  constructor(region: string, accountId: string) {
    this.#arnPrefix = `arn:aws:secretsmanager:${region}:${accountId}:secret:`;
  }

  put(name: string, value: string | Uint8Array): { arn: string; versionId: string } {
    let secret = this.#secrets.get(name);
    if (!secret) {
      secret = { name, arn: `${this.#arnPrefix}${name}-${arnSuffix()}`, versions: [] };
      this.#secrets.set(name, secret);
    }
    for (const v of secret.versions) {
      v.stages.delete('AWSPREVIOUS');
      if (v.stages.delete('AWSCURRENT')) v.stages.add('AWSPREVIOUS');
    }
    const version = {
      id: randomUUID(),
      value,
      createdAt: Date.now(),
      stages: new Set(['AWSCURRENT']),
    };
    secret.versions.push(version);
    return { arn: secret.arn, versionId: version.id };
  }

  delete(name: string): void {
    this.#secrets.delete(name);
  }

  arnOf(name: string): string {
    const secret = this.#secrets.get(name);
    if (!secret) throw new Error(`no secret ${name} in the stand-in`);
    return secret.arn;
  }

  getSecretValue(input: Record<string, unknown>): GetResult {
    const { SecretId, VersionId, VersionStage } = input;
    if (typeof SecretId !== 'string' || SecretId === '') {
      return {
        fault: { status: 400, type: 'InvalidParameterException', message: 'SecretId is required' },
      };
    }
    const secret = this.#find(SecretId);
    if (!secret) return { fault: NOT_FOUND };
    const version = secret.versions.find((v) =>
      typeof VersionId === 'string'
        ? v.id === VersionId && (typeof VersionStage !== 'string' || v.stages.has(VersionStage))
        : v.stages.has(typeof VersionStage === 'string' ? VersionStage : 'AWSCURRENT'),
    );
    if (!version) {
      return {
        fault: { ...NOT_FOUND, message: "Secrets Manager can't find the specified secret value." },
      };
    }
    return { body: toBody(secret, version) };
  }

  #find(id: string): StoredSecret | undefined {
    for (const secret of this.#secrets.values()) {
      // Partial ARN: the full ARN minus its "-XXXXXX" suffix.
      if (id === secret.name || id === secret.arn || id === secret.arn.slice(0, -7)) return secret;
    }
    return undefined;
  }
}

function toBody(secret: StoredSecret, version: SecretVersion): Record<string, unknown> {
  const payload =
    typeof version.value === 'string'
      ? { SecretString: version.value }
      : { SecretBinary: Buffer.from(version.value).toString('base64') };
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.id,
    ...payload,
    VersionStages: [...version.stages],
    // Epoch seconds with a fraction, as the service sends it.
    CreatedDate: version.createdAt / 1000,
  };
}

export { SecretStore };
