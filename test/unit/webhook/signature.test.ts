import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, safeEqual, verifySignature } from '../../../lib/webhook/index.js';
import type { Provider } from '../../../lib/webhook/types.js';

const BODY = Buffer.from('{"ref":"refs/heads/main"}');
const SECRET = 'current-webhook-secret';
const OLD_SECRET = 'previous-webhook-secret';

function hex(secret: string, body: Buffer = BODY): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** The header (lower-case, as the receiver passes them) each provider signs with. */
function signed(provider: Provider, secret: string, body: Buffer = BODY): Record<string, string> {
  switch (provider) {
    case 'github':
      return { 'x-hub-signature-256': `sha256=${hex(secret, body)}` };
    case 'gitea':
      return { 'x-gitea-signature': hex(secret, body) };
    case 'bitbucket':
      return { 'x-hub-signature': `sha256=${hex(secret, body)}` };
    case 'gitlab':
      return { 'x-gitlab-token': secret };
  }
}

const PROVIDERS: Provider[] = ['github', 'gitlab', 'gitea', 'bitbucket'];

describe('hmacSha256Hex', () => {
  it("matches GitHub's documented test vector", () => {
    // docs.github.com, "Validating webhook deliveries": the official example.
    const sig = hmacSha256Hex("It's a Secret to Everybody", Buffer.from('Hello, World!'));
    expect(`sha256=${sig}`).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });
});

describe('safeEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', 'x', false],
    ['', '', true],
    ['ü', 'ü', true],
  ])('compares %j and %j as %s', (a, b, expected) => {
    expect(safeEqual(a, b)).toBe(expected);
  });
});

describe('verifySignature', () => {
  it.each(PROVIDERS)('accepts a %s delivery signed with the secret', (provider) => {
    const check = verifySignature(provider, signed(provider, SECRET), BODY, [SECRET]);
    expect(check).toEqual({ ok: true, secretIndex: 0 });
  });

  it.each(PROVIDERS)('refuses a %s delivery signed with another secret', (provider) => {
    const check = verifySignature(provider, signed(provider, 'not-the-secret'), BODY, [SECRET]);
    expect(check).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it.each(PROVIDERS)('refuses a %s delivery whose body was altered after signing', (provider) => {
    const tampered = Buffer.from('{"ref":"refs/heads/evil"}');
    const headers = signed(provider, SECRET, BODY);
    const check = verifySignature(provider, headers, tampered, [SECRET]);
    // GitLab's token does not cover the body: its check is transport-level only.
    expect(check.ok).toBe(provider === 'gitlab');
  });

  it.each(PROVIDERS)('refuses a %s delivery without a signature header', (provider) => {
    const check = verifySignature(provider, {}, BODY, [SECRET]);
    expect(check).toMatchObject({ ok: false, reason: 'missing' });
  });

  it.each(PROVIDERS)('accepts a %s delivery signed with the second of two secrets', (provider) => {
    const check = verifySignature(provider, signed(provider, OLD_SECRET), BODY, [
      SECRET,
      OLD_SECRET,
    ]);
    expect(check).toEqual({ ok: true, secretIndex: 1 });
  });

  it.each([
    ['github', { 'x-hub-signature-256': hex(SECRET) }],
    ['github', { 'x-hub-signature-256': `sha1=${hex(SECRET)}` }],
    ['github', { 'x-hub-signature-256': `sha256=${hex(SECRET).slice(0, 63)}` }],
    ['github', { 'x-hub-signature-256': `sha256=${hex(SECRET)}zz` }],
    ['gitea', { 'x-gitea-signature': `sha256=${hex(SECRET)}` }],
    ['gitea', { 'x-gitea-signature': 'not-hex' }],
    ['bitbucket', { 'x-hub-signature': hex(SECRET) }],
  ] as const)('reports a malformed %s header %j', (provider, headers) => {
    const check = verifySignature(provider, headers, BODY, [SECRET]);
    expect(check).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('accepts an upper-case hex signature', () => {
    const headers = { 'x-hub-signature-256': `sha256=${hex(SECRET).toUpperCase()}` };
    expect(verifySignature('github', headers, BODY, [SECRET]).ok).toBe(true);
  });

  it('never accepts GitHub SHA-1 signatures and says why', () => {
    const sha1 = createHmac('sha1', SECRET).update(BODY).digest('hex');
    const check = verifySignature('github', { 'x-hub-signature': `sha1=${sha1}` }, BODY, [SECRET]);
    expect(check).toMatchObject({ ok: false, reason: 'missing' });
    expect(!check.ok && check.detail).toContain('SHA-1');
  });

  it('accepts a Forgejo signature header when Gitea is configured', () => {
    const headers = { 'x-forgejo-signature': hex(SECRET) };
    expect(verifySignature('gitea', headers, BODY, [SECRET]).ok).toBe(true);
  });

  it('skips empty secrets so an unset variable cannot become a signing key', () => {
    const headers = { 'x-hub-signature-256': `sha256=${hex('')}` };
    expect(verifySignature('github', headers, BODY, ['', SECRET]).ok).toBe(false);
    expect(verifySignature('gitlab', { 'x-gitlab-token': ' ' }, BODY, ['']).ok).toBe(false);
  });

  it('keeps the configured secret out of every failure detail', () => {
    const checks = PROVIDERS.map((provider) =>
      verifySignature(provider, signed(provider, 'wrong'), BODY, [SECRET]),
    );
    expect(JSON.stringify(checks)).not.toContain(SECRET);
  });
});
