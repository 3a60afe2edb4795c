import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthKeyIndex, authKeysOf } from '../../../lib/emulator/apisix-admin/auth-keys.js';
import type { Ctx } from '../../../lib/emulator/apisix-admin/context.js';
import { decryptField, encryptField } from '../../../lib/emulator/apisix-admin/crypto.js';
import { isObject } from '../../../lib/emulator/apisix-admin/json.js';
import { duplicateKey } from '../../../lib/emulator/apisix-admin/plugin-check.js';
import { pluginRegistry } from '../../../lib/emulator/apisix-admin/plugins/registry.js';
import { coreSchemas } from '../../../lib/emulator/apisix-admin/schemas/index.js';
import { Store } from '../../../lib/emulator/apisix-admin/store.js';
import type { Json, JsonObject } from '../../../lib/emulator/apisix-admin/types.js';

function context(): Ctx {
  const store = new Store();
  const authKeys = new AuthKeyIndex(decryptField);
  store.observe(authKeys);
  return {
    version: '3.18.0',
    mode: 'etcd',
    streamMode: false,
    adminKeyRequired: false,
    store,
    authKeys,
    registry: pluginRegistry('3.18.0'),
    schemas: coreSchemas('3.18.0'),
    standalone: {},
  };
}

/** Stored as the emulator stores it: `key-auth.key` encrypted, `basic-auth.username` not. */
function plugins(keyAuth?: string, basicUser?: string): JsonObject {
  const out: JsonObject = {};
  if (keyAuth !== undefined) out['key-auth'] = { key: encryptField(keyAuth) };
  if (basicUser !== undefined) out['basic-auth'] = { username: basicUser, password: 'x' };
  return out;
}

function putConsumer(ctx: Ctx, username: string, value: JsonObject, ttl?: number): void {
  ctx.store.put('consumers', `/apisix/consumers/${username}`, { username, plugins: value }, ttl);
}

function putCredential(ctx: Ctx, username: string, id: string, value: JsonObject): void {
  const dir = `consumers/${username}/credentials`;
  ctx.store.put(dir, `/apisix/${dir}/${id}`, { id, plugins: value });
}

function deleteConsumer(ctx: Ctx, username: string): void {
  ctx.store.deleteDir(`consumers/${username}/credentials`);
  ctx.store.delete('consumers', `/apisix/consumers/${username}`);
}

/** The former check: a scan of every consumer and credential, decrypting each stored key. */
function scan(ctx: Ctx, wantedPlugins: Json, owner: { username: string; credentialId?: string }) {
  const wanted = authKeysOf(wantedPlugins, (v) => v);
  if (wanted.length === 0) return undefined;
  for (const consumer of ctx.store.list('consumers') ?? []) {
    if (!isObject(consumer.value)) continue;
    const username = String(consumer.value.username);
    const self = username === owner.username;
    const candidates: Array<[string | undefined, Json | undefined]> = [];
    if (!(self && owner.credentialId === undefined))
      candidates.push([undefined, consumer.value.plugins]);
    if (!self || owner.credentialId !== undefined) {
      for (const cred of ctx.store.list(`consumers/${username}/credentials`) ?? []) {
        const credId = isObject(cred.value) ? String(cred.value.id) : '';
        if (self && (owner.credentialId === undefined || credId === owner.credentialId)) continue;
        candidates.push([credId, isObject(cred.value) ? cred.value.plugins : undefined]);
      }
    }
    for (const [credId, other] of candidates) {
      for (const [name, value] of authKeysOf(other, decryptField)) {
        if (!wanted.some(([n, v]) => n === name && v === value)) continue;
        return credId === undefined
          ? `duplicate key of plugin ${name} found with consumer: ${username}`
          : `duplicate key of plugin ${name} found with credential: ${credId} of consumer: ${username}`;
      }
    }
  }
  return undefined;
}

const USERS = ['a', 'ab', 'b', 'c'];
const KEYS = ['k1', 'k2', 'k3'];
const pick = <T>(list: T[], i: number): T => list[i % list.length] as T;

const operation = fc.record({
  kind: fc.constantFrom(
    'consumer',
    'credential',
    'dropCredential',
    'dropConsumer',
    'expire',
    'reset',
  ),
  user: fc.nat(),
  cred: fc.nat({ max: 2 }),
  key: fc.option(fc.nat(), { nil: undefined }),
  basic: fc.option(fc.nat(), { nil: undefined }),
});
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

function apply(ctx: Ctx, op: Operation): void {
  const user = pick(USERS, op.user);
  const value = plugins(
    op.key === undefined ? undefined : pick(KEYS, op.key),
    op.basic === undefined ? undefined : pick(KEYS, op.basic),
  );
  const exists = ctx.store.get('consumers', `/apisix/consumers/${user}`) !== undefined;
  if (op.kind === 'consumer') putConsumer(ctx, user, value);
  else if (op.kind === 'expire') putConsumer(ctx, user, value, 0);
  else if (op.kind === 'credential' && exists) putCredential(ctx, user, `c${op.cred}`, value);
  else if (op.kind === 'dropCredential')
    ctx.store.delete(
      `consumers/${user}/credentials`,
      `/apisix/consumers/${user}/credentials/c${op.cred}`,
    );
  else if (op.kind === 'dropConsumer') deleteConsumer(ctx, user);
  else if (op.kind === 'reset') ctx.store.reset();
}

describe('AuthKeyIndex', () => {
  it('answers as the full scan did after any sequence of writes, deletes and cascades', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 25 }), (ops) => {
        // Prepare
        const ctx = context();
        for (const op of ops) apply(ctx, op);
        // Act / Assess: every writer against every key it could send.
        for (const username of USERS) {
          for (const credentialId of [undefined, 'c0', 'c1']) {
            for (const key of KEYS) {
              const sent = { 'key-auth': { key }, 'basic-auth': { username: key } };
              const owner = { username, credentialId };
              expect(duplicateKey(ctx, sent, owner)).toBe(scan(ctx, sent, owner));
            }
          }
        }
      }),
      { numRuns: 300, seed: 20_260_611 },
    );
  });

  it.each<[string, (ctx: Ctx) => void, string | undefined, number]>([
    [
      'a credential delete',
      (ctx: Ctx) =>
        ctx.store.delete('consumers/b/credentials', '/apisix/consumers/b/credentials/c1'),
      undefined,
      0,
    ],
    [
      'a consumer delete (its credentials cascade)',
      (ctx: Ctx) => deleteConsumer(ctx, 'b'),
      undefined,
      0,
    ],
    ['a reset', (ctx: Ctx) => ctx.store.reset(), undefined, 0],
    [
      'a credential replaced without the key',
      (ctx: Ctx) => putCredential(ctx, 'b', 'c1', plugins('k9')),
      undefined,
      1,
    ],
    [
      'an unrelated write',
      (ctx: Ctx) => putConsumer(ctx, 'z', plugins('k7')),
      'duplicate key of plugin key-auth found with credential: c1 of consumer: b',
      2,
    ],
  ])('forgets a key after %s', (_name, change, expected, holders) => {
    // Prepare: consumer b holds k1 through its credential c1.
    const ctx = context();
    putConsumer(ctx, 'b', {});
    putCredential(ctx, 'b', 'c1', plugins('k1'));
    const sent = { 'key-auth': { key: 'k1' } };
    expect(duplicateKey(ctx, sent, { username: 'a' })).toBe(
      'duplicate key of plugin key-auth found with credential: c1 of consumer: b',
    );
    // Act
    change(ctx);
    // Assess
    expect(duplicateKey(ctx, sent, { username: 'a' })).toBe(expected);
    expect(ctx.authKeys?.size).toBe(holders);
  });

  it('reports the consumer before its credentials and consumers in key order', () => {
    // Prepare: k1 on b's credential, on consumer b itself, and on consumer c.
    const ctx = context();
    putConsumer(ctx, 'c', plugins('k1'));
    putConsumer(ctx, 'b', {});
    putCredential(ctx, 'b', 'c1', plugins('k1'));
    putConsumer(ctx, 'b', plugins('k1'));
    // Act / Assess
    expect(duplicateKey(ctx, { 'key-auth': { key: 'k1' } }, { username: 'a' })).toBe(
      'duplicate key of plugin key-auth found with consumer: b',
    );
  });

  it('decrypts each stored key once, when it is written', () => {
    // Prepare
    let decrypted = 0;
    const index = new AuthKeyIndex((v) => {
      decrypted += 1;
      return decryptField(v);
    });
    const store = new Store();
    store.observe(index);
    for (let i = 0; i < 50; i++)
      store.put('consumers', `/apisix/consumers/u${i}`, {
        username: `u${i}`,
        plugins: plugins(`k${i}`),
      });
    // Act
    const found = index.holders([['key-auth', 'k7']]);
    // Assess
    expect(decrypted).toBe(50);
    expect(found.map((h) => h.username)).toEqual(['u7']);
    expect(index.size).toBe(50);
  });
});
