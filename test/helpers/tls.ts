/**
 * Test-only TLS material generated with `openssl` at test time (nothing is committed): a CA,
 * a server certificate for 127.0.0.1/localhost, and client certificates signed by the CA.
 *
 * @example
 * ```ts
 * const pki = makePki(['alice', 'bob']);
 * https.createServer({ ...pki.server, ca: pki.ca, requestCert: true, rejectUnauthorized: true });
 * ```
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface KeyPair {
  cert: string;
  key: string;
}

interface Pki {
  ca: string;
  server: KeyPair;
  clients: Record<string, KeyPair>;
  /** A self-signed pair from an unrelated CA (not trusted by the server). */
  stranger: KeyPair;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function issue(dir: string, name: string, subject: string, ext?: string): KeyPair {
  openssl(dir, [
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  ]);
  const extArgs = ext ? ['-extfile', ext] : [];
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.crt`,
    ...extArgs,
  ]);
  return {
    cert: readFileSync(join(dir, `${name}.crt`), 'utf8'),
    key: readFileSync(join(dir, `${name}.key`), 'utf8'),
  };
}

function selfSigned(dir: string, name: string): KeyPair {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  ]);
  return {
    cert: readFileSync(join(dir, `${name}.crt`), 'utf8'),
    key: readFileSync(join(dir, `${name}.key`), 'utf8'),
  };
}

function makePki(clientNames: string[] = []): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'apisync-pki-'));
  try {
    const ca = selfSigned(dir, 'ca');
    writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    const server = issue(dir, 'server', '/CN=localhost', 'server.ext');
    const clients: Record<string, KeyPair> = {};
    for (const name of clientNames) {
      clients[name] = issue(dir, name, `/CN=${name}`);
    }
    return { ca: ca.cert, server, clients, stranger: selfSigned(dir, 'stranger') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type { KeyPair, Pki };
export { makePki };
