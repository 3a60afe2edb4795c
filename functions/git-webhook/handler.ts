/**
 * `git-webhook` Lambda handler: `POST /webhook/{target}` from GitHub, GitLab, Gitea or
 * Bitbucket, behind an API Gateway HTTP API (payload 2.0), a REST API (1.0) or a Function URL.
 *
 * It adapts the event with `lib/lambda` (raw body, base64-decoded when API Gateway encoded it), runs the
 * `lib/webhook` receiver, and hands a verified push to the reconcile function named by
 * `APISYNC_RECONCILE_FUNCTION` with an asynchronous invoke, so it answers in milliseconds and
 * never runs a sync itself. The Lambda client, logger, receiver and delivery cache live in
 * module scope, created on first use: importing the module reads no environment.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import {
  fromLambdaEvent,
  jsonResponse,
  LambdaEventError,
  type LambdaHttpEvent,
  type LambdaHttpResult,
  toLambdaResult,
} from '../../lib/lambda/index.js';
import { createLogger, type Logger } from '../../lib/log/index.js';
import { getSecretResolver } from '../../lib/secrets/index.js';
import { clearTargetsCache, currentTargets } from '../../lib/targets/index.js';
import {
  createDeliveryCache,
  createLambdaDispatch,
  createWebhookReceiver,
  type DeliveryCache,
  type WebhookReceiver,
} from '../../lib/webhook/index.js';

const SERVICE = 'git-webhook';

let logger: Logger | undefined;
let lambda: LambdaClient | undefined;
let deliveries: DeliveryCache | undefined;
let receiver: WebhookReceiver | undefined;

function getReceiver(log: Logger): WebhookReceiver {
  if (receiver) return receiver;
  // Short timeouts: the git host waits on this request (GitHub gives up after 10 s), and an
  // async invoke normally answers in tens of milliseconds.
  lambda ??= new LambdaClient({
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
  deliveries ??= createDeliveryCache();
  const secrets = getSecretResolver();
  receiver = createWebhookReceiver({
    targets: () => currentTargets(),
    resolveSecret: (ref, opts) => secrets.resolve(ref, opts),
    dispatch: createLambdaDispatch({
      client: lambda,
      functionName: () => process.env.APISYNC_RECONCILE_FUNCTION,
    }),
    logger: log,
    dedupe: deliveries,
  });
  return receiver;
}

function respond(event: LambdaHttpEvent, status: number, body: unknown): LambdaHttpResult {
  const res = jsonResponse(status, body);
  if (status === 405) res.headers.allow = 'POST';
  return toLambdaResult(event, res);
}

/**
 * Verifies a webhook delivery and hands a genuine push of the target's branch to reconcile.
 * Statuses are those of `createWebhookReceiver`; anything unexpected is a bare 500.
 *
 * @example
 * ```ts
 * const res = await handler(apiGatewayV2Event, context); // { statusCode: 202, body: '{"status":"accepted",…}' }
 * ```
 */
async function handler(event: LambdaHttpEvent, context: Context): Promise<LambdaHttpResult> {
  // The deployment names the service (POWERTOOLS_SERVICE_NAME, as the other two functions read it).
  logger ??= createLogger({ service: process.env.POWERTOOLS_SERVICE_NAME || SERVICE });
  const log = logger.child({ requestId: context.awsRequestId });
  try {
    // The receiver verifies signatures over `rawBody`: the exact bytes, base64-decoded.
    const { method, path, headers, rawBody } = fromLambdaEvent(event);
    const { status, body } = await getReceiver(logger)(
      { method, path, headers, rawBody },
      { logger: log },
    );
    return respond(event, status, body);
  } catch (err) {
    if (err instanceof LambdaEventError)
      return respond(event, 400, { status: 'error', reason: err.message });
    // Invalid APISYNC_TARGETS or a bug: log the class and message (no secret values live in
    // either), answer without detail.
    const name = err instanceof Error ? err.name : 'Error';
    const message = err instanceof Error ? err.message : String(err);
    log.error('webhook handler failed', { error: name, detail: message });
    return respond(event, 500, { status: 'error', reason: 'internal error' });
  }
}

/**
 * Drops the module-scope client, receiver, delivery cache and parsed targets (tests).
 *
 * @example
 * ```ts
 * afterEach(() => clearCaches());
 * ```
 */
function clearCaches(): void {
  lambda?.destroy();
  lambda = undefined;
  receiver = undefined;
  deliveries = undefined;
  clearTargetsCache();
  logger = undefined;
}

export { clearCaches, handler };
