/**
 * Types shared by the webhook receiver: the request it accepts, the answer it gives, what a
 * verified push event looks like once parsed, and what it hands to `reconcile`.
 *
 * The target shape is structural on purpose: `lib/targets`' `Target` satisfies it, and
 * `apisync dev` or a test can pass a plain object without building a whole target.
 */
import type { Logger } from '../log/types.js';

/** The git hosts whose push webhooks apisync verifies. */
type Provider = 'github' | 'gitlab' | 'gitea' | 'bitbucket';

/** The part of a deployment target the webhook receiver reads. */
interface WebhookTarget {
  name: string;
  /** Where desired config comes from; `ref` is the branch a push must update (default `main`). */
  source?: { type?: string; url?: string; ref?: string };
  webhook?: {
    provider: Provider;
    /** Secret *references* (`env:NAME`, `file:PATH`, a Secrets Manager id/ARN). Several during rotation. */
    secrets: string[];
    /** Overrides `source.ref` as the branch whose pushes trigger a sync. */
    branch?: string;
  };
}

/** One HTTP request, already adapted from whichever Lambda event carried it. */
interface WebhookRequest {
  method: string;
  /** The request path; it must end with `/webhook/<target>` (a stage prefix is allowed). */
  path: string;
  /** Header names in any case; the receiver lower-cases them. */
  headers: Record<string, string | undefined>;
  /** The body bytes exactly as the git host sent them (base64-decoded already). */
  rawBody: Buffer;
}

/** What the receiver answers; `body` is JSON-serialisable. */
interface WebhookResponse {
  status: number;
  body: WebhookResponseBody;
}

interface WebhookResponseBody {
  status: 'accepted' | 'ignored' | 'duplicate' | 'pong' | 'refused' | 'error';
  reason?: string;
  deliveryId?: string;
  target?: string;
  ref?: string;
  sha?: string;
}

/** One ref update carried by a push event (Bitbucket may carry several in one delivery). */
interface PushEvent {
  provider: Provider;
  /** The provider's event name (`push`, `Push Hook`, `repo:push`, …). */
  event: string;
  deliveryId: string;
  /** Full ref, e.g. `refs/heads/main` or `refs/tags/v1`. */
  ref: string;
  branch?: string;
  tag?: string;
  /** The commit the ref points to after the push (all zeros when deleted). */
  sha: string;
  deleted: boolean;
  /** `owner/name` (GitLab: `group/sub/name`; Bitbucket Server: `PROJECT/slug`). */
  repository: string;
}

/** The event `reconcile` receives from the webhook. */
interface ReconcileRequest {
  target: string;
  ref: string;
  sha: string;
  deliveryId: string;
  reason: 'webhook';
}

/** Hands a verified push to `reconcile`; must return quickly and never run the sync inline. */
type Dispatch = (target: WebhookTarget, request: ReconcileRequest) => Promise<void>;

/** Resolves one secret reference to its value (`lib/secrets`' resolver fits). */
type ResolveSecret = (ref: string, opts?: { forceRefresh?: boolean }) => Promise<string>;

/** Remembers delivery ids so a redelivery or replay triggers nothing. */
interface DeliveryCache {
  /** `true` when `key` was handed off already or is being handed off right now. */
  seen(key: string): boolean;
  /** Marks `key` as being handed off; a concurrent duplicate then counts as seen. */
  begin(key: string): void;
  /** The hand-off succeeded: remember `key` (evicting the oldest beyond the bound). */
  commit(key: string): void;
  /** The hand-off failed: forget `key` so a redelivery can succeed. */
  abort(key: string): void;
  clear(): void;
  readonly size: number;
}

interface WebhookReceiverOptions {
  targets: () => readonly WebhookTarget[] | Promise<readonly WebhookTarget[]>;
  resolveSecret: ResolveSecret;
  dispatch: Dispatch;
  logger: Logger;
  /** Defaults to a fresh bounded cache; handlers pass a module-scope one. */
  dedupe?: DeliveryCache;
  /** Largest accepted body in bytes (default 5 MiB). */
  maxBodyBytes?: number;
  /** Least time between two forced secret refreshes after a signature mismatch (default 60 s). */
  secretRefreshIntervalMs?: number;
  /** Clock for the refresh interval; tests may inject one. */
  now?: () => number;
}

/** The receiver: one request in, one answer out. `call.logger` overrides the logger per request. */
type WebhookReceiver = (
  request: WebhookRequest,
  call?: { logger?: Logger },
) => Promise<WebhookResponse>;

export type {
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
};
