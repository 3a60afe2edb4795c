import { GetSecretValueCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from '../support/secrets-manager.js';

let sm: SecretsManagerStandIn;

beforeAll(async () => {
  sm = await startSecretsManagerStandIn({ region: 'eu-west-1' });
});
afterAll(async () => {
  await sm.close();
});

describe('Secrets Manager stand-in', () => {
  it('answers GetSecretValue in the shape the real SDK parses', async () => {
    // Prepare
    const { arn, versionId } = sm.putSecret('svc/one', 'v1');

    // Act
    const out = await sm.client().send(new GetSecretValueCommand({ SecretId: 'svc/one' }));

    // Assess
    expect(arn).toMatch(
      /^arn:aws:secretsmanager:eu-west-1:123456789012:secret:svc\/one-[A-Za-z0-9]{6}$/,
    );
    expect(out).toMatchObject({
      ARN: arn,
      Name: 'svc/one',
      VersionId: versionId,
      SecretString: 'v1',
    });
    expect(out.VersionStages).toEqual(['AWSCURRENT']);
    expect(out.CreatedDate).toBeInstanceOf(Date);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the previous version under AWSPREVIOUS after a rotation', async () => {
    const first = sm.putSecret('svc/rotated', 'old');
    sm.putSecret('svc/rotated', 'new');
    const client = sm.client();

    const current = await client.send(new GetSecretValueCommand({ SecretId: 'svc/rotated' }));
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: 'svc/rotated', VersionStage: 'AWSPREVIOUS' }),
    );
    const byId = await client.send(
      new GetSecretValueCommand({ SecretId: 'svc/rotated', VersionId: first.versionId }),
    );

    expect([current.SecretString, previous.SecretString, byId.SecretString]).toEqual([
      'new',
      'old',
      'old',
    ]);
    expect(previous.VersionStages).toEqual(['AWSPREVIOUS']);
  });

  it('returns SecretBinary as bytes', async () => {
    sm.putSecret('svc/bin', Uint8Array.of(0, 1, 2, 255));

    const out = await sm.client().send(new GetSecretValueCommand({ SecretId: 'svc/bin' }));

    expect(out.SecretString).toBeUndefined();
    expect([...(out.SecretBinary ?? [])]).toEqual([0, 1, 2, 255]);
  });

  it('throws the modelled ResourceNotFoundException for an unknown or deleted secret', async () => {
    sm.putSecret('svc/gone', 'x');
    sm.deleteSecret('svc/gone');

    const err = await sm
      .client()
      .send(new GetSecretValueCommand({ SecretId: 'svc/gone' }))
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err).toMatchObject({ $fault: 'client', $metadata: { httpStatusCode: 400 } });
  });

  it.each([
    [
      'an unsigned request',
      { 'x-amz-target': 'secretsmanager.GetSecretValue' },
      'IncompleteSignatureException',
    ],
    [
      'an unknown operation',
      {
        'x-amz-target': 'secretsmanager.RotateSecret',
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0',
      },
      'UnknownOperationException',
    ],
  ])('rejects %s', async (_label, headers, type) => {
    const res = await fetch(`${sm.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
      body: JSON.stringify({ SecretId: 'svc/one' }),
    });

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: type });
  });
});
