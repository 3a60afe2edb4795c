import { describe, expect, it } from 'vitest';
import {
  AdminApiError,
  ConfigError,
  HttpError,
  NetworkError,
  TimeoutError,
} from '../../../lib/errors.js';
import { checkBearer, createKeyedQueue, errorToResponse } from '../../../lib/sync/api/index.js';

describe('checkBearer', () => {
  it.each([
    [undefined, {}, undefined],
    ['t0k', { authorization: 'Bearer t0k' }, undefined],
    ['t0k', { authorization: 'bearer   t0k' }, undefined],
    ['t0k', {}, 401],
    ['t0k', { authorization: 'Basic dDBr' }, 401],
    ['t0k', { authorization: 'Bearer t0' }, 403],
    ['t0k', { authorization: 'Bearer t0k-longer' }, 403],
  ])('with token %s and headers %j answers %s', (token, headers, status) => {
    expect(checkBearer(headers, token)?.status).toBe(status);
  });
});

describe('errorToResponse', () => {
  const url = 'http://127.0.0.1:9180/apisix/admin/routes?api_key=leak';
  it.each([
    [
      new ConfigError('bad', [
        { path: ['services', 0], message: 'Required', code: 'invalid_type' },
      ]),
      400,
    ],
    [new HttpError(413, 'too large'), 413],
    [new NetworkError({ method: 'GET', url, code: 'ECONNREFUSED' }), 502],
    [new TimeoutError({ method: 'GET', url, timeoutMs: 100 }), 504],
    [
      new AdminApiError({ method: 'GET', url, status: 401, errorMsg: 'failed to check token' }),
      502,
    ],
    [new AdminApiError({ method: 'GET', url, status: 500 }), 502],
    [new Error('secret internals at /var/task/x.js'), 500],
  ])('maps %s to %i without secrets or internals', (err, status) => {
    const reply = errorToResponse(err);
    expect(reply.status).toBe(status);
    expect(JSON.stringify(reply.body)).not.toMatch(/leak|internals/);
  });

  it('says the gateway rejected the admin key for a 401 from the Admin API', () => {
    const reply = errorToResponse(
      new AdminApiError({ method: 'GET', url: 'http://a/apisix/admin/routes', status: 401 }),
    );
    expect(reply.body.message).toContain('rejected the admin key');
  });
});

describe('createKeyedQueue', () => {
  it('runs work with the same key one after the other and different keys in parallel', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name}:end`);
    };
    await Promise.all([
      queue.run('a', job('a1', 20)),
      queue.run('a', job('a2', 1)),
      queue.run('b', job('b1', 1)),
    ]);
    expect(log.indexOf('a2:start')).toBeGreaterThan(log.indexOf('a1:end'));
    expect(log.indexOf('b1:start')).toBeLessThan(log.indexOf('a1:end'));
    expect(queue.size).toBe(0);
  });
});
