/**
 * The production hand-off: an asynchronous Lambda invoke of the reconcile function. Lambda
 * queues the event and answers 202 at once, so the webhook never waits for a sync; Lambda's
 * own async retries (twice by default) cover a failing reconcile, which is idempotent.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Dispatch } from './types.js';

/** The reconcile function could not be invoked; the delivery is not remembered. */
class HandOffError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HandOffError';
  }
}

interface LambdaDispatchOptions {
  /** A module-scope client (reused across warm invocations). */
  client: Pick<LambdaClient, 'send'>;
  /** The reconcile function's name or ARN; a function so env is read at call time. */
  functionName: () => string | undefined;
}

/**
 * Creates a dispatch that invokes the reconcile function with `InvocationType: 'Event'`.
 *
 * @example
 * ```ts
 * const dispatch = createLambdaDispatch({
 *   client: new LambdaClient({}),
 *   functionName: () => process.env.APISYNC_RECONCILE_FUNCTION,
 * });
 * await dispatch(target, { target: 'prod', ref: 'refs/heads/main', sha, deliveryId, reason: 'webhook' });
 * ```
 */
function createLambdaDispatch(options: LambdaDispatchOptions): Dispatch {
  return async (_target, request) => {
    const functionName = options.functionName();
    if (!functionName) throw new HandOffError('APISYNC_RECONCILE_FUNCTION is not set');
    let status: number | undefined;
    try {
      const out = await options.client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(request)),
        }),
      );
      status = out.StatusCode;
    } catch (err) {
      const name = err instanceof Error ? err.name : 'Error';
      throw new HandOffError(`invoke of ${functionName} failed: ${name}`, { cause: err });
    }
    if (status !== 202) {
      throw new HandOffError(`invoke of ${functionName} answered ${status ?? 'no status'}`);
    }
  };
}

export type { LambdaDispatchOptions };
export { createLambdaDispatch, HandOffError };
