import { describe, expect, it } from 'vitest';
import {
  credentialId,
  namedUpstreamId,
  routeId,
  serviceId,
  sha1,
  sslId,
  streamRouteId,
  toResources,
} from '../../../lib/config/index.js';

// Golden values computed with `printf '%s' <input> | sha1sum`, independent of the code under test.
describe('resource ids', () => {
  it.each([
    [
      'service httpbin',
      () => serviceId({ name: 'httpbin' }),
      '1cce0451c1506aebd20dc38421c5cc856493e694',
    ],
    [
      'route httpbin.get-anything',
      () => routeId({ name: 'httpbin' }, { name: 'get-anything' }),
      '0c23abaef322e92fcb7691423f1718fa0f8baf07',
    ],
    [
      'stream route redis.redis-6379',
      () => streamRouteId({ name: 'redis' }, { name: 'redis-6379' }),
      'd2f20001fc7529e912d32730df4e63c1359ba25f',
    ],
    [
      'named upstream orders.canary',
      () => namedUpstreamId({ name: 'orders' }, { name: 'canary' }),
      'f2952e3018aa99038904231971766e568b300563',
    ],
    [
      'credential alice.key',
      () => credentialId({ username: 'alice' }, { name: 'key' }),
      'af9473a5be8267f9d2eca877de3c62b6d7c058cf',
    ],
    [
      'ssl example.com',
      () => sslId({ snis: ['example.com'] }),
      '0caaf24ab1a0c33440c06afe99df986365b0781f',
    ],
    [
      'ssl with two snis',
      () => sslId({ snis: ['a.example.com', 'b.example.com'] }),
      '3ba2e9503733b5dd9f77fce92ff1e912fb293f38',
    ],
    ['sha1 of users', () => sha1('users'), '5b7dcd14a4faa2cdd54cf6eb8d4bc35da31914a1'],
  ])('derives the ADC id of %s', (_label, derive, expected) => {
    expect(derive()).toBe(expected);
  });

  it.each([
    ['service', () => serviceId({ name: 'httpbin', id: 'custom' })],
    ['route', () => routeId({ name: 'httpbin' }, { name: 'get', id: 'custom' })],
    ['credential', () => credentialId({ username: 'alice' }, { name: 'key', id: 'custom' })],
    ['ssl', () => sslId({ snis: ['example.com'], id: 'custom' })],
  ])('lets a custom id win for a %s', (_label, derive) => {
    expect(derive()).toBe('custom');
  });

  it('derives a route id from the service name even when the service has a custom id', () => {
    const [service, route] = toResources({
      services: [{ name: 'httpbin', id: 'svc', routes: [{ name: 'get-anything', uris: ['/'] }] }],
    });
    expect(service?.id).toBe('svc');
    expect(route?.id).toBe('0c23abaef322e92fcb7691423f1718fa0f8baf07');
    expect(route?.value.service_id).toBe('svc');
  });
});
