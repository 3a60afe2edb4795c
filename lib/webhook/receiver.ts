/**
 * The webhook receiver: `POST …/webhook/<target>` in, a status and a small JSON body out.
 *
 * Order of checks (each refusal is logged with its reason and the delivery id, never a secret
 * or a signature): method and path → body size → target → content type → signature → event →
 * payload → replay → branch filter → hand-off. Nothing from the body is read before the
 * signature holds, and an unknown target looks exactly like an unknown path.
 */
import type { LogFields } from '../log/types.js';
import { createDeliveryCache } from './dedupe.js';
import { selectPush } from './filter.js';
import { decodePayload, PayloadError, parsePush } from './parse.js';
import {
  acceptedContentType,
  classifyEvent,
  deliveryId as deliveryIdOf,
  eventName,
  isProvider,
} from './providers.js';
import { anyDeliveryId, bodyDigest, boundedText, lowerHeaders, targetFromPath } from './request.js';
import type {
  DeliveryCache,
  Provider,
  PushEvent,
  WebhookReceiver,
  WebhookReceiverOptions,
  WebhookRequest,
  WebhookResponse,
  WebhookResponseBody,
  WebhookTarget,
} from './types.js';
import { createVerifier, type Verifier } from './verify.js';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

type ConfiguredTarget = WebhookTarget & { webhook: { provider: Provider; secrets: string[] } };

interface Delivery {
  target: ConfiguredTarget;
  provider: Provider;
  headers: Record<string, string>;
  rawBody: Buffer;
  deliveryId: string;
  log: (status: number, body: WebhookResponseBody, fields?: LogFields) => WebhookResponse;
}

function isConfigured(target: WebhookTarget): target is ConfiguredTarget {
  return target.webhook !== undefined && isProvider(target.webhook.provider);
}

function makeLog(options: WebhookReceiverOptions, base: LogFields): Delivery['log'] {
  return (status, body, fields) => {
    const line = { ...base, ...fields, status, reason: body.reason };
    if (status >= 500) options.logger.error('webhook failed', line);
    else if (status >= 400) options.logger.warn('webhook refused', line);
    else if (body.status === 'accepted') options.logger.info('webhook accepted', line);
    else options.logger.info(`webhook ${body.status}`, line);
    return { status, body };
  };
}

/** Steps that need the verified delivery: event kind, payload, replay, filter, hand-off. */
async function handleVerified(
  delivery: Delivery,
  options: WebhookReceiverOptions,
  dedupe: DeliveryCache,
): Promise<WebhookResponse> {
  const { provider, headers, log, deliveryId } = delivery;
  const event = eventName(provider, headers);
  if (!event) return log(400, { status: 'refused', reason: 'event header missing', deliveryId });
  const kind = classifyEvent(provider, event);
  if (kind === 'ping') return log(200, { status: 'pong', deliveryId });
  if (kind === 'other') {
    const reason = `event ${boundedText(event)} is not a push`;
    return log(202, { status: 'ignored', reason, deliveryId });
  }
  let pushes: PushEvent[];
  try {
    const mediaType = acceptedContentType(provider, headers['content-type']) ?? '';
    pushes = parsePush(provider, event, deliveryId, decodePayload(mediaType, delivery.rawBody));
  } catch (err) {
    if (!(err instanceof PayloadError)) throw err;
    return log(400, { status: 'refused', reason: err.message, deliveryId });
  }
  const decision = selectPush(pushes, delivery.target);
  if (!decision.trigger)
    return log(202, { status: 'ignored', reason: decision.reason, deliveryId });
  return handOff(delivery, decision.push, options, dedupe);
}

async function handOff(
  delivery: Delivery,
  push: PushEvent,
  options: WebhookReceiverOptions,
  dedupe: DeliveryCache,
): Promise<WebhookResponse> {
  const { target, deliveryId, log } = delivery;
  const keys = [
    `${target.name}\0id\0${deliveryId}`,
    `${target.name}\0body\0${bodyDigest(delivery.rawBody)}`,
  ];
  if (keys.some((key) => dedupe.seen(key))) {
    return log(200, { status: 'duplicate', reason: 'delivery already handed off', deliveryId });
  }
  for (const key of keys) dedupe.begin(key);
  const request = {
    target: target.name,
    ref: push.ref,
    sha: push.sha,
    deliveryId,
    reason: 'webhook' as const,
  };
  try {
    await options.dispatch(target, request);
  } catch (err) {
    for (const key of keys) dedupe.abort(key);
    const kind = err instanceof Error ? err.name : 'Error';
    return log(502, { status: 'error', reason: 'reconcile hand-off failed', deliveryId }, { kind });
  }
  for (const key of keys) dedupe.commit(key);
  const body: WebhookResponseBody = {
    status: 'accepted',
    deliveryId,
    target: target.name,
    ref: push.ref,
    sha: push.sha,
  };
  return log(202, body, { ref: push.ref, sha: push.sha, repository: push.repository });
}

type Step<T> = { response: WebhookResponse } | { value: T };

/** Method, path, body size and target: everything checked before the provider is known. */
async function locate(
  request: WebhookRequest,
  options: WebhookReceiverOptions,
  headers: Record<string, string>,
): Promise<Step<ConfiguredTarget>> {
  const name = targetFromPath(request.path);
  const log = makeLog(options, {
    target: name && boundedText(name),
    deliveryId: anyDeliveryId(headers),
  });
  const refuse = (status: number, reason: string): Step<ConfiguredTarget> => ({
    response: log(status, { status: 'refused', reason }),
  });
  if (request.method.toUpperCase() !== 'POST') return refuse(405, 'method not allowed');
  if (name === undefined) return refuse(404, 'not found');
  if (request.rawBody.length > (options.maxBodyBytes ?? MAX_BODY_BYTES)) {
    return refuse(413, 'body too large');
  }
  const target = (await options.targets()).find((t) => t.name === name);
  // Same answer as an unknown path, so the endpoint does not reveal which targets exist.
  if (!target || !isConfigured(target)) return refuse(404, 'not found');
  return { value: target };
}

/** Content type and signature: after this, the body may be read. */
async function authenticate(
  target: ConfiguredTarget,
  request: WebhookRequest,
  headers: Record<string, string>,
  deps: { options: WebhookReceiverOptions; verify: Verifier },
): Promise<Step<Delivery>> {
  const provider = target.webhook.provider;
  const deliveryId =
    deliveryIdOf(provider, headers) ?? `sha256:${bodyDigest(request.rawBody).slice(0, 32)}`;
  const fields = { target: target.name, provider, deliveryId: boundedText(deliveryId) };
  const log = makeLog(deps.options, fields);
  if (!acceptedContentType(provider, headers['content-type'])) {
    return {
      response: log(415, { status: 'refused', reason: 'unsupported content type', deliveryId }),
    };
  }
  const check = await deps.verify(target, headers, request.rawBody);
  if (!check.ok) {
    const unavailable = check.reason === 'unavailable';
    const body: WebhookResponseBody = unavailable
      ? { status: 'error', reason: 'webhook secret unavailable', deliveryId }
      : { status: 'refused', reason: check.detail, deliveryId };
    return {
      response: log(unavailable ? 500 : 401, body, { check: check.reason, detail: check.detail }),
    };
  }
  if (check.secretIndex > 0) {
    // Tells the operator the previous secret is still in use, so it cannot be retired yet.
    deps.options.logger.info('webhook verified with a non-primary secret', {
      ...fields,
      rotationIndex: check.secretIndex,
    });
  }
  return { value: { target, provider, headers, rawBody: request.rawBody, deliveryId, log } };
}

async function handle(
  request: WebhookRequest,
  options: WebhookReceiverOptions,
  verify: Verifier,
  dedupe: DeliveryCache,
): Promise<WebhookResponse> {
  const headers = lowerHeaders(request.headers);
  const located = await locate(request, options, headers);
  if ('response' in located) return located.response;
  const delivery = await authenticate(located.value, request, headers, { options, verify });
  if ('response' in delivery) return delivery.response;
  return handleVerified(delivery.value, options, dedupe);
}

/**
 * Creates the receiver `functions/git-webhook` and `apisync dev` serve. Its dependencies are
 * injected: where targets and secrets come from, and how a verified push reaches `reconcile`
 * (an async Lambda invoke in AWS, an in-process call in `apisync dev`).
 *
 * Statuses: 202 accepted or ignored (with the reason), 200 ping or duplicate, 400 unreadable,
 * 401 bad signature, 404 unknown path or target, 405, 413 over 5 MiB, 415, 500 secret
 * unavailable, 502 hand-off failed (the delivery id is not remembered, so a redelivery works).
 *
 * @example
 * ```ts
 * const receive = createWebhookReceiver({ targets: () => loadTargets(), resolveSecret, dispatch, logger });
 * const { status, body } = await receive({ method: 'POST', path: '/webhook/prod', headers, rawBody });
 * // per-request log fields (e.g. the Lambda request id): receive(request, { logger: logger.child({ requestId }) })
 * ```
 */
function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const dedupe = options.dedupe ?? createDeliveryCache();
  const verify = createVerifier({
    resolveSecret: options.resolveSecret,
    logger: options.logger,
    refreshIntervalMs: options.secretRefreshIntervalMs ?? 60_000,
    now: options.now ?? Date.now,
  });
  return (request, call) => {
    const effective = call?.logger ? { ...options, logger: call.logger } : options;
    return handle(request, effective, verify, dedupe);
  };
}

export { createWebhookReceiver, MAX_BODY_BYTES };
