import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../lib/errors.js';
import { readJsonBody } from '../../../lib/sync/api/index.js';

const limits = { maxEncodedBytes: 1024, maxDecodedBytes: 4096 };

async function statusOf(headers: Record<string, string>, rawBody: Buffer): Promise<number> {
  try {
    await readJsonBody({ headers, rawBody }, limits);
    return 200;
  } catch (err) {
    return err instanceof HttpError ? err.statusCode : -1;
  }
}

describe('readJsonBody', () => {
  it('decodes a gzip body', async () => {
    const raw = gzipSync(JSON.stringify({ task: { a: 1 } }));
    expect(
      await readJsonBody({ headers: { 'content-encoding': 'gzip' }, rawBody: raw }, limits),
    ).toEqual({ task: { a: 1 } });
  });

  it.each([
    ['an encoded body over the limit', {}, Buffer.alloc(2048, 0x20), 413],
    [
      'a gzip body that inflates past the cap',
      { 'content-encoding': 'gzip' },
      gzipSync(Buffer.alloc(100_000, 0x20)),
      413,
    ],
    ['an unknown encoding', { 'content-encoding': 'br' }, Buffer.from('{}'), 415],
    ['corrupt gzip', { 'content-encoding': 'gzip' }, Buffer.from('not gzip'), 400],
    ['an empty body', {}, Buffer.alloc(0), 400],
    ['invalid JSON', {}, Buffer.from('{"token": "s3cret"'), 400],
  ])('rejects %s', async (_name, headers, raw, status) => {
    expect(await statusOf(headers, raw)).toBe(status);
  });

  it('tells a client over the encoded limit to use gzip', async () => {
    await expect(
      readJsonBody({ headers: {}, rawBody: Buffer.alloc(2048, 0x20) }, limits),
    ).rejects.toThrow(/Content-Encoding: gzip/);
  });

  it('never quotes the body in a JSON error', async () => {
    await expect(
      readJsonBody({ headers: {}, rawBody: Buffer.from('{"token": "s3cret-value"') }, limits),
    ).rejects.toSatisfy(
      (err: Error) => !JSON.stringify((err as HttpError).toJSON()).includes('s3cret-value'),
    );
  });
});
