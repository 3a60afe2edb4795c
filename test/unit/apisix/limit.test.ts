import { describe, expect, it } from 'vitest';
import { limitClient } from '../../../lib/apisix/limit.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../lib/http/types.js';

/** A client whose answers the test releases by hand, counting what is in flight. */
function gatedClient() {
  const gates: (() => void)[] = [];
  const stats = { active: 0, peak: 0 };
  const client: HttpClient = {
    baseUrl: 'http://gateway',
    request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      if (req.path === '/throw') throw new Error('thrown before sending');
      stats.active++;
      stats.peak = Math.max(stats.peak, stats.active);
      return new Promise((resolve, reject) => {
        gates.push(() => {
          stats.active--;
          if (req.path === '/fail') reject(new Error('failed'));
          else resolve({ status: 200, headers: {}, data: req.path as T, attempts: 1 });
        });
      });
    },
  };
  return { client, gates, stats };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('limitClient', () => {
  it('keeps at most limit requests in flight and starts the rest in order', async () => {
    const { client, gates, stats } = gatedClient();
    const limited = limitClient(client, 2);
    const results = ['/a', '/b', '/c', '/d'].map((path) =>
      limited.request<string>({ method: 'GET', path }),
    );
    await turn();
    expect(stats.active).toBe(2);
    while (gates.length > 0) {
      gates.shift()?.();
      await turn();
    }
    expect((await Promise.all(results)).map((r) => r.data)).toEqual(['/a', '/b', '/c', '/d']);
    expect(stats.peak).toBe(2);
  });

  it.each(['/throw', '/fail'])('rejects and frees the slot when %s', async (path) => {
    const { client, gates } = gatedClient();
    const limited = limitClient(client, 1);
    const failing = limited.request({ method: 'GET', path }).catch((error: unknown) => error);
    const next = limited.request<string>({ method: 'GET', path: '/next' });
    await turn();
    gates.shift()?.();
    expect(String(await failing)).toMatch(/thrown before sending|failed/);
    await turn();
    gates.shift()?.();
    expect((await next).data).toBe('/next');
  });
});
