/**
 * Verifies a delivery against a target's configured secrets, resolving the secret references
 * on demand. When no secret matches, the secrets are re-read once (bypassing the resolver's
 * cache) in case they were rotated since they were cached — at most once per target per
 * interval, so a stream of forged requests cannot turn into a stream of Secrets Manager calls.
 */
import type { Logger } from '../log/types.js';
import { type SignatureCheck, verifySignature } from './signature.js';
import type { Provider, ResolveSecret, WebhookTarget } from './types.js';

type VerifyResult = SignatureCheck | { ok: false; reason: 'unavailable'; detail: string };

interface VerifierOptions {
  resolveSecret: ResolveSecret;
  logger: Logger;
  refreshIntervalMs: number;
  now: () => number;
}

type Verifier = (
  target: WebhookTarget & { webhook: { provider: Provider; secrets: string[] } },
  headers: Record<string, string>,
  rawBody: Buffer,
) => Promise<VerifyResult>;

async function resolveAll(
  refs: readonly string[],
  options: VerifierOptions,
  forceRefresh: boolean,
  targetName: string,
): Promise<string[]> {
  const settled = await Promise.allSettled(
    refs.map((ref) => options.resolveSecret(ref, forceRefresh ? { forceRefresh } : undefined)),
  );
  return settled.map((result, index) => {
    if (result.status === 'fulfilled') return result.value;
    // The reference is configuration, not secret material; the error message may not be, so
    // only its class is logged.
    const kind = result.reason instanceof Error ? result.reason.name : 'Error';
    options.logger.warn('webhook secret unavailable', {
      target: targetName,
      rotationIndex: index,
      kind,
    });
    return '';
  });
}

/**
 * Builds the verifier the receiver calls for every delivery.
 *
 * @example
 * ```ts
 * const verify = createVerifier({ resolveSecret, logger, refreshIntervalMs: 60_000, now: Date.now });
 * const check = await verify(target, headers, rawBody);
 * ```
 */
function createVerifier(options: VerifierOptions): Verifier {
  const lastRefresh = new Map<string, number>();
  return async (target, headers, rawBody) => {
    const { provider, secrets: refs } = target.webhook;
    if (refs.length === 0) {
      return { ok: false, reason: 'unavailable', detail: 'no webhook secret configured' };
    }
    let secrets = await resolveAll(refs, options, false, target.name);
    if (secrets.every((secret) => secret === '')) {
      return { ok: false, reason: 'unavailable', detail: 'no webhook secret could be read' };
    }
    let check = verifySignature(provider, headers, rawBody, secrets);
    if (check.ok || check.reason !== 'mismatch') return check;
    const last = lastRefresh.get(target.name);
    const now = options.now();
    if (last !== undefined && now - last < options.refreshIntervalMs) return check;
    lastRefresh.set(target.name, now);
    secrets = await resolveAll(refs, options, true, target.name);
    check = verifySignature(provider, headers, rawBody, secrets);
    return check;
  };
}

export type { Verifier, VerifyResult };
export { createVerifier };
