import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../lib/emulator/apisix-admin/index.js';
import { call } from '../unit/emulator/http-support.js';

const KEY = 'patch-admin-key';
const H = { 'X-API-KEY': KEY };
const ROUTE = { uri: '/a', upstream: { type: 'roundrobin', nodes: { '127.0.0.1:1980': 1 } } };
const SENT = 1700000000;

let apisix: EmulatorHandle | undefined;
afterEach(async () => {
  await apisix?.close();
  apisix = undefined;
});

interface Stored {
  value: { create_time?: unknown; update_time?: unknown };
}

/** PUTs route r1, sends one PATCH and returns its answer and the route read back. */
async function patchRoute(version: string, path: string, body: unknown) {
  apisix = await startEmulator({ version, adminKey: KEY });
  await call(apisix.url, 'PUT', '/apisix/admin/routes/r1', { headers: H, body: ROUTE });
  const answer = await call(apisix.url, 'PATCH', `/apisix/admin/routes/r1${path}`, {
    headers: H,
    body,
  });
  const read = await call(apisix.url, 'GET', '/apisix/admin/routes/r1', { headers: H });
  return { answer, stored: (read.json as Stored).value };
}

describe.each(['3.13.0', '3.18.0'])('emulator PATCH timestamps on %s', (version) => {
  it('keeps an update_time that a whole-object PATCH sends', async () => {
    const { answer, stored } = await patchRoute(version, '', { desc: 'x', update_time: SENT });
    expect([answer.status, (answer.json as Stored).value.update_time, stored.update_time]).toEqual([
      200,
      SENT,
      SENT,
    ]);
  });

  it('sets update_time itself when a sub-path PATCH targets update_time', async () => {
    const { answer, stored } = await patchRoute(version, '/update_time', SENT);
    expect(answer.status).toBe(200);
    expect(stored.update_time).toBeTypeOf('number');
    expect(stored.update_time).not.toBe(SENT);
  });

  it('sets create_time again when a PATCH deletes it', async () => {
    const { answer, stored } = await patchRoute(version, '', { create_time: null });
    expect(answer.status).toBe(200);
    expect(stored.create_time).toBeTypeOf('number');
  });

  it('rejects an update_time of the wrong type instead of replacing it', async () => {
    const { answer, stored } = await patchRoute(version, '', { update_time: 'soon' });
    expect(answer.status).toBe(400);
    expect((answer.json as { error_msg: string }).error_msg).toContain('update_time');
    expect(stored.update_time).toBeTypeOf('number');
  });
});
