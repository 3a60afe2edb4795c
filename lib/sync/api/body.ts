/**
 * Request body decoding for `/sync` and `/validate`: size limits, `Content-Encoding: gzip` with
 * a cap on the decompressed size (a small gzip bomb must not exhaust the function's memory), and
 * JSON parsing whose error never quotes the body (it may hold an admin key).
 *
 * @example
 * ```ts
 * const json = await readJsonBody(req, DEFAULT_BODY_LIMITS);
 * ```
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { HttpError } from '../../errors.js';

const gunzipAsync = promisify(gunzip);
const MiB = 1024 * 1024;

interface BodyLimits {
  /** Largest body as received (compressed, base64 decoded): AWS Lambda's 6 MB request payload. */
  maxEncodedBytes: number;
  /** Largest body after gzip decoding; ADC server mode's JSON limit is 100 MB. */
  maxDecodedBytes: number;
}

const DEFAULT_BODY_LIMITS: Readonly<BodyLimits> = Object.freeze({
  maxEncodedBytes: 6 * MiB,
  maxDecodedBytes: 100 * MiB,
});

const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

function tooLarge(size: number, limit: number, encoded: boolean): HttpError {
  const hint = encoded
    ? 'Send the body gzip-compressed with `Content-Encoding: gzip` (ADC configurations compress about 10:1), or split the configuration with labelSelector or includeResourceType.'
    : 'Split the configuration with labelSelector or includeResourceType.';
  const what = encoded ? 'request body' : 'decompressed request body';
  return new HttpError(413, `The ${what} is ${mb(size)}; the limit is ${mb(limit)}. ${hint}`, {
    limit_bytes: limit,
  });
}

function encodingsOf(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity');
}

async function decompress(raw: Buffer, encodings: string[], limits: BodyLimits): Promise<Buffer> {
  let body = raw;
  // Encodings are listed in the order they were applied; undo them in reverse.
  for (const encoding of [...encodings].reverse()) {
    if (encoding !== 'gzip' && encoding !== 'x-gzip') {
      throw new HttpError(415, `Unsupported Content-Encoding "${encoding.slice(0, 20)}": use gzip`);
    }
    try {
      body = await gunzipAsync(body, { maxOutputLength: limits.maxDecodedBytes });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw tooLarge(limits.maxDecodedBytes + 1, limits.maxDecodedBytes, false);
      }
      throw new HttpError(400, 'The request body is not valid gzip data', {
        errors: [{ code: 'invalid_body', path: [], message: 'gzip decoding failed' }],
      });
    }
  }
  if (body.length > limits.maxDecodedBytes)
    throw tooLarge(body.length, limits.maxDecodedBytes, false);
  return body;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // V8 quotes the input in its message; keep only the position.
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
    const where = at === undefined ? '' : ` (at byte ${at})`;
    throw new HttpError(400, `The request body is not valid JSON${where}`, {
      errors: [{ code: 'invalid_json', path: [], message: `Invalid JSON${where}` }],
    });
  }
}

/**
 * Decodes and parses a JSON request body. Throws `HttpError` 413 (too large, with how to fit),
 * 415 (an encoding other than gzip) or 400 (empty, bad gzip, bad JSON).
 *
 * @example
 * ```ts
 * await readJsonBody({ headers: { 'content-encoding': 'gzip' }, rawBody: gzipSync('{"task":{}}') });
 * // { task: {} }
 * ```
 */
async function readJsonBody(
  req: { headers: Record<string, string>; rawBody: Buffer },
  limits: BodyLimits = DEFAULT_BODY_LIMITS,
): Promise<unknown> {
  if (req.rawBody.length > limits.maxEncodedBytes) {
    throw tooLarge(req.rawBody.length, limits.maxEncodedBytes, true);
  }
  const body = await decompress(req.rawBody, encodingsOf(req.headers['content-encoding']), limits);
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    throw new HttpError(
      400,
      'The request body is empty: send ADC server mode\'s {"task":{"opts":…,"config":…}}',
      {
        errors: [{ code: 'invalid_body', path: [], message: 'Empty body' }],
      },
    );
  }
  return parseJson(text);
}

export type { BodyLimits };
export { DEFAULT_BODY_LIMITS, readJsonBody };
