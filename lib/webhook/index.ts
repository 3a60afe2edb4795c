/**
 * Git push webhooks: per-provider signature checks on the raw body, push parsing, branch
 * filtering, replay protection and the hand-off to `reconcile`.
 *
 * @example
 * ```ts
 * import { createWebhookReceiver, createLambdaDispatch } from '../lib/webhook/index.js';
 * const receive = createWebhookReceiver({ targets, resolveSecret, dispatch, logger });
 * ```
 */
import { createDeliveryCache, DEFAULT_MAX_ENTRIES } from './dedupe.js';
import { repositoryMatches, selectPush, targetBranch } from './filter.js';
import {
  createLambdaDispatch,
  HandOffError,
  type LambdaDispatchOptions,
} from './lambda-dispatch.js';
import { decodePayload, PayloadError, parsePush } from './parse.js';
import { acceptedContentType, classifyEvent, isProvider, PROVIDER_NAMES } from './providers.js';
import { createWebhookReceiver, MAX_BODY_BYTES } from './receiver.js';
import { hmacSha256Hex, type SignatureCheck, safeEqual, verifySignature } from './signature.js';
import type {
  DeliveryCache,
  Dispatch,
  Provider,
  PushEvent,
  ReconcileRequest,
  ResolveSecret,
  WebhookReceiver,
  WebhookReceiverOptions,
  WebhookRequest,
  WebhookResponse,
  WebhookResponseBody,
  WebhookTarget,
} from './types.js';

export type {
  DeliveryCache,
  Dispatch,
  LambdaDispatchOptions,
  Provider,
  PushEvent,
  ReconcileRequest,
  ResolveSecret,
  SignatureCheck,
  WebhookReceiver,
  WebhookReceiverOptions,
  WebhookRequest,
  WebhookResponse,
  WebhookResponseBody,
  WebhookTarget,
};
export {
  acceptedContentType,
  classifyEvent,
  createDeliveryCache,
  createLambdaDispatch,
  createWebhookReceiver,
  DEFAULT_MAX_ENTRIES,
  decodePayload,
  HandOffError,
  hmacSha256Hex,
  isProvider,
  MAX_BODY_BYTES,
  PayloadError,
  PROVIDER_NAMES,
  parsePush,
  repositoryMatches,
  safeEqual,
  selectPush,
  targetBranch,
  verifySignature,
};
