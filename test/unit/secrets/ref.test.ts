import { describe, expect, it } from 'vitest';
import {
  checkSecretRef,
  isSecretsManagerRef,
  parseSecretRef,
  SecretError,
  secretsManagerIdOf,
} from '../../../lib/secrets/index.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:apisix-admin-AbCdEf';

describe('parseSecretRef', () => {
  it.each([
    ['env:ADMIN_KEY', { kind: 'env', name: 'ADMIN_KEY' }],
    ['env:CREDS#token', { kind: 'env', name: 'CREDS', field: 'token' }],
    ['file:/run/secrets/key', { kind: 'file', path: '/run/secrets/key' }],
    ['file:./local.json#key', { kind: 'file', path: './local.json', field: 'key' }],
    ['apisix/prod/admin', { kind: 'secretsmanager', secretId: 'apisix/prod/admin' }],
    [`${ARN}#key`, { kind: 'secretsmanager', secretId: ARN, field: 'key' }],
    ['a#b#c', { kind: 'secretsmanager', secretId: 'a#b', field: 'c' }],
  ])('parses %s', (ref, expected) => {
    expect(parseSecretRef(ref)).toEqual({ ref, ...expected });
  });

  it.each([
    ['', 'the reference is empty'],
    ['env:', 'the variable name is empty'],
    ['file:#key', 'the file path is empty'],
    ['apisix/admin#', 'the field after "#" is empty'],
  ])('rejects %j: %s', (ref, detail) => {
    expect(() => parseSecretRef(ref)).toThrow(new SecretError(ref, 'invalid_ref', detail));
  });
});

describe('isSecretsManagerRef and secretsManagerIdOf', () => {
  it.each([
    [`${ARN}#key`, true, ARN],
    ['apisix/prod/admin', true, 'apisix/prod/admin'],
    ['env:ADMIN_KEY', false, undefined],
    ['file:/run/key#k', false, undefined],
    ['', false, undefined],
  ])('classifies %j', (ref, isSm, id) => {
    expect(isSecretsManagerRef(ref)).toBe(isSm);
    if (id === undefined) expect(() => secretsManagerIdOf(ref)).toThrow(SecretError);
    else expect(secretsManagerIdOf(ref)).toBe(id);
  });
});

describe('checkSecretRef', () => {
  it.each([
    'env:ADMIN_KEY',
    'env:_x1#field',
    'file:/run/secrets/key',
    'apisix/prod/admin#key',
    ARN,
    'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:k#f',
  ])('accepts %s', (ref) => {
    expect(checkSecretRef(ref)).toBeUndefined();
  });

  it.each([
    ['env:ADMIN KEY', 'env: must be followed by a variable name'],
    ['env:1ABC', 'env: must be followed by a variable name'],
    ['file:#key', 'file: must be followed by a path'],
    ['arn:aws:ssm:eu-west-1:123456789012:parameter/x', 'must be a Secrets Manager secret ARN'],
    ['ENV:ADMIN_KEY', 'must be env:NAME, file:PATH'],
    ['-----BEGIN PRIVATE KEY-----\nMIIE', 'must be env:NAME, file:PATH'],
    ['name#', 'the field after "#" is empty'],
  ])('rejects %j without repeating it', (ref, problem) => {
    const message = checkSecretRef(ref);
    expect(message).toContain(problem);
    expect(message).not.toContain(ref);
  });
});
