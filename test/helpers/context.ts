/**
 * A fake Lambda `Context` for calling handlers in-process.
 *
 * @example
 * ```ts
 * const res = await handler(event, createContext({ functionName: 'sync-api' }));
 * ```
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

function createContext(overrides: Partial<Context> = {}): Context {
  const functionName = overrides.functionName ?? 'apisync-test';
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/25/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}

export { createContext };
