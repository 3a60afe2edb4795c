/**
 * Small request helpers for the receiver: header normalisation, the target in the path,
 * delivery ids before the provider is known, and body digests for replay detection.
 */
import { createHash } from 'node:crypto';
import { PROVIDER_NAMES, PROVIDERS } from './providers.js';

const WEBHOOK_PATH = /\/webhook\/([^/]+)\/?$/;
const MAX_LOGGED_NAME = 64;

/**
 * Header names lower-cased, empty and undefined values dropped.
 *
 * @example
 * ```ts
 * lowerHeaders({ 'X-GitHub-Event': 'push' }); // { 'x-github-event': 'push' }
 * ```
 */
function lowerHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== '') out[name.toLowerCase()] = value;
  }
  return out;
}

/**
 * The target name in a `…/webhook/<target>` path (any stage prefix allowed), URL-decoded.
 *
 * @example
 * ```ts
 * targetFromPath('/prod/webhook/edge%2Deu'); // 'edge-eu'
 * ```
 */
function targetFromPath(path: string): string | undefined {
  const raw = WEBHOOK_PATH.exec(path.split('?')[0] ?? '')?.[1];
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * A delivery id from whichever provider's header is present, for logging a refusal that
 * happens before the target (and so the provider) is known.
 *
 * @example
 * ```ts
 * anyDeliveryId({ 'x-github-delivery': '72d3162e-…' }); // '72d3162e-…'
 * ```
 */
function anyDeliveryId(headers: Record<string, string>): string | undefined {
  for (const provider of PROVIDER_NAMES) {
    for (const name of PROVIDERS[provider].deliveryHeaders) {
      const value = headers[name];
      if (value) return boundedText(value);
    }
  }
  return undefined;
}

/**
 * Caller-supplied text shortened for logs, so a hostile path or header cannot flood them.
 *
 * @example
 * ```ts
 * boundedText('x'.repeat(500)).length; // 65
 * ```
 */
function boundedText(value: string): string {
  return value.length > MAX_LOGGED_NAME ? `${value.slice(0, MAX_LOGGED_NAME)}…` : value;
}

/**
 * Hex SHA-256 of the raw body, the second replay key: a signed body seen before is a replay
 * even when the (unsigned) delivery header was changed.
 *
 * @example
 * ```ts
 * bodyDigest(Buffer.from('{}')); // '44136fa3…'
 * ```
 */
function bodyDigest(rawBody: Buffer): string {
  return createHash('sha256').update(rawBody).digest('hex');
}

export { anyDeliveryId, bodyDigest, boundedText, lowerHeaders, targetFromPath };
