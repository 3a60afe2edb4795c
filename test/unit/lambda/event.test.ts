import { describe, expect, it } from 'vitest';
import { fromLambdaEvent, LambdaEventError, toLambdaResult } from '../../../lib/lambda/index.js';
import { buildEvent, EVENT_NAMES } from '../../fixtures/events/build.js';

describe('fromLambdaEvent', () => {
  it.each([
    ['http-api-v2', 'http-v2'],
    ['rest-api-v1', 'rest-v1'],
    ['function-url', 'function-url'],
  ] as const)('normalises a %s event as %s', (name, kind) => {
    const req = fromLambdaEvent(
      buildEvent(name, {
        method: 'PUT',
        path: '/sync',
        body: '{"a":1}',
        headers: { 'x-custom-header': 'v' },
      }),
    );
    expect(req).toMatchObject({ kind, method: 'PUT', path: '/sync' });
    expect(req.rawBody.toString()).toBe('{"a":1}');
    expect(req.headers['x-custom-header']).toBe('v');
    expect(Object.keys(req.headers).every((h) => h === h.toLowerCase())).toBe(true);
  });

  it.each(EVENT_NAMES)('decodes a base64 body of a %s event byte for byte', (name) => {
    const bytes = Buffer.from([0x1f, 0x8b, 0x00, 0xff, 0x10]);
    expect(fromLambdaEvent(buildEvent(name, { body: bytes })).rawBody.equals(bytes)).toBe(true);
  });

  it('strips a named HTTP API stage from the path', () => {
    const event = buildEvent('http-api-v2', { path: '/prod/sync' }) as {
      requestContext: { stage: string };
    };
    event.requestContext.stage = 'prod';
    expect(fromLambdaEvent(event).path).toBe('/sync');
  });

  it('joins repeated REST headers and keeps v2 cookies as one cookie header', () => {
    const v1 = buildEvent('rest-api-v1') as { multiValueHeaders: Record<string, string[]> };
    v1.multiValueHeaders['X-Forwarded-For'] = ['10.0.0.1', '10.0.0.2'];
    expect(fromLambdaEvent(v1).headers['x-forwarded-for']).toBe('10.0.0.1,10.0.0.2');
    expect(fromLambdaEvent(buildEvent('http-api-v2')).headers.cookie).toBe('cookie1=value1');
  });

  it.each([
    [
      'an EventBridge event',
      { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} },
    ],
    ['a string', 'PUT /sync'],
  ])('throws LambdaEventError for %s', (_name, event) => {
    expect(() => fromLambdaEvent(event)).toThrow(LambdaEventError);
  });
});

describe('toLambdaResult', () => {
  it.each(EVENT_NAMES)('answers a %s event with statusCode, headers and a text body', (name) => {
    const result = toLambdaResult(buildEvent(name), {
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(result).toEqual({
      statusCode: 404,
      headers: { 'content-type': 'application/json' },
      body: '{}',
      isBase64Encoded: false,
    });
  });

  it('sends a Buffer body base64-encoded', () => {
    const result = toLambdaResult(buildEvent('http-api-v2'), {
      status: 200,
      headers: {},
      body: Buffer.from('hi'),
    });
    expect(result).toMatchObject({ body: 'aGk=', isBase64Encoded: true });
  });
});
