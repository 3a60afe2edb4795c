/**
 * TLS profile fingerprints: the registry's LRU key and the only identity of a profile that
 * may be logged (the PEM material itself never is).
 */
import { createHash } from 'node:crypto';
import type { TlsProfile } from './types.js';

/**
 * SHA-256 (hex) over the fields that select an HTTPS agent: CA, client cert, client key,
 * `rejectUnauthorized` (default true) and `servername`. Fields are length-prefixed so no two
 * different profiles can serialise to the same input.
 *
 * @example
 * ```ts
 * tlsFingerprint({ ca: caPem }) === tlsFingerprint({ ca: caPem, rejectUnauthorized: true }); // true
 * ```
 */
function tlsFingerprint(profile: TlsProfile = {}): string {
  const hash = createHash('sha256');
  const fields = [
    profile.ca ?? '',
    profile.cert ?? '',
    profile.key ?? '',
    profile.rejectUnauthorized === false ? 'insecure' : 'verify',
    profile.servername ?? '',
  ];
  for (const field of fields) {
    hash.update(`${Buffer.byteLength(field)}:`);
    hash.update(field);
  }
  return hash.digest('hex');
}

export { tlsFingerprint };
