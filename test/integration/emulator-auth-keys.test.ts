import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../lib/emulator/apisix-admin/index.js';
import { call } from '../unit/emulator/http-support.js';

const KEY = 'auth-keys-admin-key';
const H = { 'X-API-KEY': KEY };
const keyAuth = (key: string) => ({ plugins: { 'key-auth': { key } } });

let apisix: EmulatorHandle | undefined;
afterEach(async () => {
  await apisix?.close();
  apisix = undefined;
});

async function put(path: string, body: unknown): Promise<[number, unknown]> {
  const answer = await call((apisix as EmulatorHandle).url, 'PUT', `/apisix/admin${path}`, {
    headers: H,
    body,
  });
  return [answer.status, (answer.json as { error_msg?: unknown }).error_msg];
}

async function send(method: string, path: string): Promise<number> {
  return (
    await call((apisix as EmulatorHandle).url, method, `/apisix/admin${path}`, { headers: H })
  ).status;
}

/** 3.18 with consumer jack holding key k1 through credential c1. */
async function jackWithKey(): Promise<void> {
  apisix = await startEmulator({ version: '3.18.0', adminKey: KEY });
  await put('/consumers', { username: 'jack' });
  expect(await put('/consumers/jack/credentials/c1', keyAuth('k1'))).toEqual([201, undefined]);
}

const DUPLICATE = 'duplicate key of plugin key-auth found with credential: c1 of consumer: jack';

describe('emulator duplicate auth keys (3.18)', () => {
  it('refuses a key another consumer holds through a credential', async () => {
    await jackWithKey();
    expect(await put('/consumers', { username: 'rose', ...keyAuth('k1') })).toEqual([
      400,
      DUPLICATE,
    ]);
  });

  it('keeps the key indexed when a PATCH of the credential is refused', async () => {
    await jackWithKey();
    expect(await send('PATCH', '/consumers/jack/credentials/c1')).toBe(405);
    expect(await put('/consumers', { username: 'rose', ...keyAuth('k1') })).toEqual([
      400,
      DUPLICATE,
    ]);
  });

  it.each([
    ['the credential is deleted', '/consumers/jack/credentials/c1'],
    ['its consumer is deleted (the credentials go with it)', '/consumers/jack'],
  ])('frees the key once %s', async (_name, path) => {
    await jackWithKey();
    expect(await send('DELETE', path)).toBe(200);
    expect(await put('/consumers', { username: 'rose', ...keyAuth('k1') })).toEqual([
      201,
      undefined,
    ]);
  });

  it('frees the key once the credential is replaced with another key', async () => {
    await jackWithKey();
    expect(await put('/consumers/jack/credentials/c1', keyAuth('k2'))).toEqual([200, undefined]);
    expect(await put('/consumers', { username: 'rose', ...keyAuth('k1') })).toEqual([
      201,
      undefined,
    ]);
    expect(await put('/consumers', { username: 'tom', ...keyAuth('k2') })).toEqual([
      400,
      DUPLICATE,
    ]);
  });

  it('frees every key on reset', async () => {
    await jackWithKey();
    apisix?.reset();
    await put('/consumers', { username: 'jack' });
    expect(await put('/consumers/jack/credentials/c2', keyAuth('k1'))).toEqual([201, undefined]);
  });
});
