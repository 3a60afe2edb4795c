/**
 * `git-webhook` Lambda handler: `POST /webhook/{target}` from GitHub, GitLab, Gitea or
 * Bitbucket, behind an API Gateway HTTP API (payload 2.0), a REST API (1.0) or a Function URL.
 *
 * It adapts the event (raw body, base64-decoded when API Gateway encoded it), runs the
 * `lib/webhook` receiver, and hands a verified push to the reconcile function named by
 * `APISYNC_RECONCILE_FUNCTION` with an asynchronous invoke, so it answers in milliseconds and
 * never runs a sync itself. The Lambda client, logger, receiver and delivery cache live in
 * module scope, created on first use: importing the module reads no environment.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { createLogger, type Logger } from '../../lib/log/index.js';
import { getSecretResolver } from '../../lib/secrets/index.js';
import { clearTargetsCache, currentTargets } from '../../lib/targets/index.js';
import {
  createDeliveryCache,
  createLambdaDispatch,
  createWebhookReceiver,
  type DeliveryCache,
  type WebhookReceiver,
  type WebhookRequest,
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

type WebhookEvent = APIGatewayProxyEventV2 | APIGatewayProxyEvent;

/** The HTTP request inside any of the three event shapes, with the body's exact bytes. */
function toRequest(event: WebhookEvent): WebhookRequest {
  const isV1 = 'httpMethod' in event;
  const method = isV1 ? event.httpMethod : event.requestContext.http.method;
  const path = isV1 ? event.path : event.rawPath;
  const body = event.body ?? '';
  return {
    method,
    path,
    headers: { ...(event.headers ?? {}) },
    rawBody: Buffer.from(body, event.isBase64Encoded ? 'base64' : 'utf8'),
  };
}

function respond(status: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (status === 405) headers.allow = 'POST';
  return { statusCode: status, headers, body: JSON.stringify(body) };
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
async function handler(
  event: WebhookEvent,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  // The deployment names the service (POWERTOOLS_SERVICE_NAME, as the other two functions read it).
  logger ??= createLogger({ service: process.env.POWERTOOLS_SERVICE_NAME || SERVICE });
  const log = logger.child({ requestId: context.awsRequestId });
  try {
    const { status, body } = await getReceiver(logger)(toRequest(event), { logger: log });
    return respond(status, body);
  } catch (err) {
    // Invalid APISYNC_TARGETS or a bug: log the class and message (no secret values live in
    // either), answer without detail.
    const name = err instanceof Error ? err.name : 'Error';
    const message = err instanceof Error ? err.message : String(err);
    log.error('webhook handler failed', { error: name, detail: message });
    return respond(500, { status: 'error', reason: 'internal error' });
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
