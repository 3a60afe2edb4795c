/**
 * What differs between git hosts, as data: which header names the event and the delivery,
 * which content types a host may send, and which events are pushes or pings.
 */
import type { Provider } from './types.js';

type EventKind = 'push' | 'ping' | 'other';

interface ProviderSpec {
  /** Header names (lower-case) carrying the event name; the first present wins. */
  eventHeaders: readonly string[];
  /** Header names carrying the delivery id, stable across redeliveries; the first present wins. */
  deliveryHeaders: readonly string[];
  /** Accepted media types (without parameters). */
  contentTypes: readonly string[];
  pushEvents: readonly string[];
  pingEvents: readonly string[];
}

const PROVIDERS: Record<Provider, ProviderSpec> = {
  github: {
    eventHeaders: ['x-github-event'],
    deliveryHeaders: ['x-github-delivery'],
    // GitHub lets the hook owner pick form encoding; the JSON then sits in the `payload` field.
    contentTypes: ['application/json', 'application/x-www-form-urlencoded'],
    pushEvents: ['push'],
    pingEvents: ['ping'],
  },
  gitlab: {
    eventHeaders: ['x-gitlab-event'],
    // `Idempotency-Key` (GitLab 17.4+) is stable across retries; older GitLab only has the UUID.
    deliveryHeaders: ['idempotency-key', 'x-gitlab-event-uuid'],
    contentTypes: ['application/json'],
    pushEvents: ['Push Hook', 'Tag Push Hook'],
    pingEvents: [],
  },
  gitea: {
    eventHeaders: ['x-gitea-event', 'x-forgejo-event'],
    deliveryHeaders: ['x-gitea-delivery', 'x-forgejo-delivery'],
    contentTypes: ['application/json'],
    pushEvents: ['push'],
    pingEvents: [],
  },
  bitbucket: {
    eventHeaders: ['x-event-key'],
    // Cloud sends X-Request-UUID; Data Center sends X-Request-Id.
    deliveryHeaders: ['x-request-uuid', 'x-request-id'],
    contentTypes: ['application/json'],
    pushEvents: ['repo:push', 'repo:refs_changed'],
    pingEvents: ['diagnostics:ping'],
  },
};

const PROVIDER_NAMES: readonly Provider[] = ['github', 'gitlab', 'gitea', 'bitbucket'];

function firstHeader(
  headers: Record<string, string>,
  names: readonly string[],
): string | undefined {
  for (const name of names) {
    const value = headers[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * The event name a delivery carries, or `undefined` when the header is missing.
 *
 * @example
 * ```ts
 * eventName('github', { 'x-github-event': 'push' }); // 'push'
 * ```
 */
function eventName(provider: Provider, headers: Record<string, string>): string | undefined {
  return firstHeader(headers, PROVIDERS[provider].eventHeaders);
}

/**
 * The delivery id a provider repeats on redelivery, or `undefined` when absent.
 *
 * @example
 * ```ts
 * deliveryId('gitlab', { 'idempotency-key': 'f2c…' }); // 'f2c…'
 * ```
 */
function deliveryId(provider: Provider, headers: Record<string, string>): string | undefined {
  return firstHeader(headers, PROVIDERS[provider].deliveryHeaders);
}

/**
 * Whether an event is a push (may trigger), a ping (answered 200) or anything else (ignored).
 *
 * @example
 * ```ts
 * classifyEvent('bitbucket', 'diagnostics:ping'); // 'ping'
 * ```
 */
function classifyEvent(provider: Provider, event: string): EventKind {
  const spec = PROVIDERS[provider];
  if (spec.pushEvents.includes(event)) return 'push';
  if (spec.pingEvents.includes(event)) return 'ping';
  return 'other';
}

/**
 * The media type of a `Content-Type` value if the provider may send it, else `undefined`.
 *
 * @example
 * ```ts
 * acceptedContentType('github', 'application/json; charset=utf-8'); // 'application/json'
 * ```
 */
function acceptedContentType(
  provider: Provider,
  contentType: string | undefined,
): string | undefined {
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!media) return undefined;
  return PROVIDERS[provider].contentTypes.includes(media) ? media : undefined;
}

/**
 * Narrows a configured string to a known provider.
 *
 * @example
 * ```ts
 * isProvider('gitea'); // true
 * ```
 */
function isProvider(value: unknown): value is Provider {
  return typeof value === 'string' && (PROVIDER_NAMES as readonly string[]).includes(value);
}

export type { EventKind, ProviderSpec };
export {
  acceptedContentType,
  classifyEvent,
  deliveryId,
  eventName,
  isProvider,
  PROVIDER_NAMES,
  PROVIDERS,
};
