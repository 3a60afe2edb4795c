import { describe, expect, it } from 'vitest';
import { createSecretResolver, SecretError } from '../../../lib/secrets/index.js';

const VALUE = 's3cr3t-value-0123456789';

describe('#field selection', () => {
  it.each([
    [{ key: VALUE }, 'key', VALUE],
    [{ port: 9180 }, 'port', '9180'],
    [{ enabled: true }, 'enabled', 'true'],
    [{ 'with space': VALUE }, 'with space', VALUE],
  ])('picks %j #%s', async (doc, field, expected) => {
    const resolver = createSecretResolver({ env: { S: JSON.stringify(doc) } });
    expect(await resolver.resolve(`env:S#${field}`)).toBe(expected);
  });

  it.each([
    [VALUE, 'key', 'not_json', 'a #field needs a JSON object secret; this one is not JSON'],
    [
      `["${VALUE}"]`,
      'key',
      'not_json',
      'a #field needs a JSON object secret; this one is an array',
    ],
    [`"${VALUE}"`, 'key', 'not_json', 'a #field needs a JSON object secret; this one is a string'],
    [`{"a":"${VALUE}"}`, 'key', 'no_field', 'no field "key" in the JSON secret; its keys are "a"'],
    ['{}', 'key', 'no_field', 'no field "key" in the JSON secret; it has no keys'],
    [`{"key":{"v":"${VALUE}"}}`, 'key', 'no_field', 'field "key" is an object, not a string'],
    ['{"key":null}', 'key', 'no_field', 'field "key" is null, not a string'],
  ])('rejects %s #%s without quoting the value', async (raw, field, reason, detail) => {
    const resolver = createSecretResolver({ env: { S: raw } });

    const err = await resolver.resolve(`env:S#${field}`).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(SecretError);
    expect(err).toMatchObject({ reason, message: `secret reference "env:S#${field}": ${detail}` });
    expect((err as SecretError).cause).toBeUndefined();
  });

  it('lists at most ten keys', async () => {
    const doc = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, VALUE]));
    const resolver = createSecretResolver({ env: { S: JSON.stringify(doc) } });

    const err = await resolver.resolve('env:S#missing').catch((e: unknown) => e);

    expect((err as Error).message).toContain('"k9", … (12 in all)');
    expect((err as Error).message).not.toContain('"k10"');
  });
});
