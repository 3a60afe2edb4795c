import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LambdaApi, startLambdaApi } from '../support/lambda-api.js';

let api: LambdaApi;
let client: LambdaClient;

beforeAll(async () => {
  api = await startLambdaApi({
    functions: ['reconcile'],
    respond: (inv) => ({ echo: inv.payload }),
  });
  client = new LambdaClient({ endpoint: api.url, maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await api.close();
});

function payload(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

describe('Lambda Invoke API stand-in', () => {
  it('queues an Event invoke with 202 and an empty body, recording it', async () => {
    const out = await client.send(
      new InvokeCommand({
        FunctionName: 'reconcile',
        InvocationType: 'Event',
        Payload: payload({ a: 1 }),
      }),
    );
    expect(out.StatusCode).toBe(202);
    expect(out.Payload?.length ?? 0).toBe(0);
    expect(api.invocations.at(-1)).toMatchObject({
      functionName: 'reconcile',
      invocationType: 'Event',
      payload: { a: 1 },
    });
  });

  it('answers a RequestResponse invoke with the function result and the qualifier recorded', async () => {
    const out = await client.send(
      new InvokeCommand({
        FunctionName: 'reconcile',
        Qualifier: 'live',
        Payload: payload({ b: 2 }),
      }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8'))).toEqual({
      echo: { b: 2 },
    });
    expect(api.invocations.at(-1)).toMatchObject({
      invocationType: 'RequestResponse',
      qualifier: 'live',
    });
  });

  it('answers DryRun with 204', async () => {
    const out = await client.send(
      new InvokeCommand({ FunctionName: 'reconcile', InvocationType: 'DryRun' }),
    );
    expect(out.StatusCode).toBe(204);
  });

  it('throws the modelled ResourceNotFoundException for an unknown function', async () => {
    const before = api.invocations.length;
    const call = client.send(
      new InvokeCommand({ FunctionName: 'missing', InvocationType: 'Event' }),
    );
    await expect(call).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(call).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect(api.invocations.length).toBe(before);
  });

  it('decodes a function ARN in the path', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:reconcile';
    const call = client.send(new InvokeCommand({ FunctionName: arn, InvocationType: 'Event' }));
    await expect(call).rejects.toMatchObject({ message: `Function not found: ${arn}` });
  });
});
