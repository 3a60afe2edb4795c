import { describe, expect, it } from 'vitest';
import { maskEvent, maskSecrets } from '../../../lib/sync/mask.js';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----';

describe('maskSecrets', () => {
  it.each([
    [
      'a key-auth key',
      { plugins: { 'key-auth': { key: 'k1' } } },
      { plugins: { 'key-auth': { key: '[REDACTED]' } } },
    ],
    ['a basic-auth password', { password: 'p' }, { password: '[REDACTED]' }],
    ['SSL keys', { cert: 'c', keys: ['a', 'b'] }, { cert: 'c', keys: '[REDACTED]' }],
    ['a PEM key inside another field', { note: PEM }, { note: '[REDACTED]' }],
  ])('masks %s', (_, input, expected) => {
    expect(maskSecrets(input)).toEqual(expected);
  });

  it('leaves other values and the input alone', () => {
    const input = { uris: ['/a'], plugins: { cors: { max_age: 5 } } };
    expect(maskSecrets(input)).toEqual(input);
    expect(maskSecrets(input)).not.toBe(input);
  });
});

describe('maskEvent', () => {
  it('masks bodies and the changes whose path ends in a secret name', () => {
    const event = maskEvent({
      type: 'update',
      resourceType: 'consumer_credential',
      resourceId: 'c',
      resourceName: 'c',
      parentId: 'alice',
      oldValue: { plugins: { 'key-auth': { key: 'old' } } },
      newValue: { plugins: { 'key-auth': { key: 'new' } } },
      changes: [
        { path: 'plugins.key-auth.key', before: 'old', after: 'new' },
        { path: 'name', after: 'n' },
      ],
    });
    expect(JSON.stringify(event)).not.toMatch(/"(old|new)"/);
    expect(event.changes).toEqual([
      { path: 'plugins.key-auth.key', before: '[REDACTED]', after: '[REDACTED]' },
      { path: 'name', after: 'n' },
    ]);
  });
});
