/**
 * Turns a verified body into push events. Only called after the signature check: nothing
 * here may run on unauthenticated input.
 *
 * Payload shapes (the documented ones):
 * - GitHub `push`: `ref`, `after`, `deleted`, `repository.full_name`.
 * - GitLab `Push Hook`/`Tag Push Hook`: `ref`, `checkout_sha` (null on deletion), `after`,
 *   `project.path_with_namespace`.
 * - Gitea `push`: `ref`, `after`, `repository.full_name`.
 * - Bitbucket Cloud `repo:push`: `push.changes[]` of `{ new, old }` refs (`new` null when deleted).
 * - Bitbucket Data Center `repo:refs_changed`: `changes[]` of `{ ref, toHash, type }`.
 */
import type { Provider, PushEvent } from './types.js';

const ZERO_SHA = /^0+$/;
/** A full SHA-1 or SHA-256 commit id: the sha is handed to reconcile, which reads exactly it. */
const COMMIT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;

/** The body could not be read as the provider's payload. */
class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(obj: unknown, ...path: string[]): unknown {
  let current: unknown = obj;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

function text(obj: unknown, ...path: string[]): string | undefined {
  const value = field(obj, ...path);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Parses the raw body as JSON, unwrapping GitHub's form encoding (`payload=<json>`).
 *
 * @example
 * ```ts
 * const payload = decodePayload('application/json', rawBody);
 * ```
 */
function decodePayload(mediaType: string, rawBody: Buffer): Json {
  let json = rawBody.toString('utf8');
  if (mediaType === 'application/x-www-form-urlencoded') {
    const payload = new URLSearchParams(json).get('payload');
    if (payload === null) throw new PayloadError('form body has no payload field');
    json = payload;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new PayloadError('body is not valid JSON');
  }
  if (!isRecord(parsed)) throw new PayloadError('body is not a JSON object');
  return parsed;
}

interface RefUpdate {
  ref: string;
  sha: string;
  deleted: boolean;
}

function describeRef(ref: string): { branch?: string; tag?: string } {
  if (ref.startsWith('refs/heads/')) return { branch: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/')) return { tag: ref.slice('refs/tags/'.length) };
  return {};
}

function singleUpdate(payload: Json, shaFields: string[], deletedFlag?: boolean): RefUpdate[] {
  const ref = text(payload, 'ref');
  const after = text(payload, 'after');
  const sha = shaFields.map((name) => text(payload, name)).find((v) => v !== undefined);
  if (!ref || !sha) throw new PayloadError('push payload lacks ref or after');
  const deleted = deletedFlag === true || (after !== undefined && ZERO_SHA.test(after));
  return [{ ref, sha, deleted }];
}

function bitbucketCloudUpdates(payload: Json): RefUpdate[] {
  const changes = field(payload, 'push', 'changes');
  if (!Array.isArray(changes)) throw new PayloadError('repo:push payload lacks push.changes');
  return changes.filter(isRecord).map((change) => {
    const side = isRecord(change.new) ? change.new : change.old;
    const name = text(side, 'name');
    const kind = text(side, 'type');
    if (!name || !kind) throw new PayloadError('repo:push change lacks a ref name');
    const ref = kind === 'tag' ? `refs/tags/${name}` : `refs/heads/${name}`;
    const deleted = !isRecord(change.new);
    const sha = deleted ? '0'.repeat(40) : text(change.new, 'target', 'hash');
    if (!sha) throw new PayloadError('repo:push change lacks new.target.hash');
    return { ref, sha, deleted };
  });
}

function bitbucketServerUpdates(payload: Json): RefUpdate[] {
  const changes = field(payload, 'changes');
  if (!Array.isArray(changes)) throw new PayloadError('repo:refs_changed payload lacks changes');
  return changes.filter(isRecord).map((change) => {
    const ref = text(change, 'refId') ?? text(change, 'ref', 'id');
    const sha = text(change, 'toHash');
    if (!ref || !sha) throw new PayloadError('repo:refs_changed change lacks refId or toHash');
    return { ref, sha, deleted: change.type === 'DELETE' || ZERO_SHA.test(sha) };
  });
}

function repositoryName(provider: Provider, payload: Json): string {
  const name =
    provider === 'gitlab'
      ? text(payload, 'project', 'path_with_namespace')
      : (text(payload, 'repository', 'full_name') ?? bitbucketServerRepo(payload));
  return name ?? '';
}

function bitbucketServerRepo(payload: Json): string | undefined {
  const key = text(payload, 'repository', 'project', 'key');
  const slug = text(payload, 'repository', 'slug');
  return key && slug ? `${key}/${slug}` : undefined;
}

function refUpdates(provider: Provider, event: string, payload: Json): RefUpdate[] {
  switch (provider) {
    case 'github':
      return singleUpdate(payload, ['after'], field(payload, 'deleted') === true);
    case 'gitlab':
      return singleUpdate(payload, ['checkout_sha', 'after']);
    case 'gitea':
      return singleUpdate(payload, ['after']);
    case 'bitbucket':
      return event === 'repo:refs_changed'
        ? bitbucketServerUpdates(payload)
        : bitbucketCloudUpdates(payload);
  }
}

/**
 * The ref updates a verified push event carries: one for GitHub, GitLab and Gitea, one per
 * changed ref for Bitbucket. Throws `PayloadError` when the body is not a push payload.
 *
 * @example
 * ```ts
 * const [push] = parsePush('github', 'push', deliveryId, decodePayload(mediaType, rawBody));
 * // push.branch === 'main', push.sha === '6113728f…'
 * ```
 */
function parsePush(
  provider: Provider,
  event: string,
  deliveryId: string,
  payload: Json,
): PushEvent[] {
  const repository = repositoryName(provider, payload);
  const updates = refUpdates(provider, event, payload);
  if (updates.some((update) => !COMMIT_ID.test(update.sha))) {
    throw new PayloadError('push payload names a commit that is not a full commit id');
  }
  return updates.map((update) => ({
    provider,
    event,
    deliveryId,
    ...update,
    ...describeRef(update.ref),
    repository,
  }));
}

export { decodePayload, PayloadError, parsePush };
