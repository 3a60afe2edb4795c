/**
 * A client wrapper that keeps at most `limit` requests in flight, across everything one backend
 * does (list reads, credential reads, schema reads, writes). The agent opens a socket per
 * concurrent request, so this is what bounds the sockets a dump opens: ADC's unbounded
 * credential reads opened ~206 sockets for 200 consumers (adc.md §7.2).
 *
 * @example
 * ```ts
 * const bounded = limitClient(client, 8);
 * await Promise.all(usernames.map((u) => bounded.request({ method: 'GET', path: `/apisix/admin/consumers/${u}/credentials` })));
 * ```
 */
import type { HttpClient, HttpRequest, HttpResponse } from '../http/types.js';

function limitClient(client: HttpClient, limit: number): HttpClient {
  const max = Math.max(1, Math.floor(limit));
  const waiting: (() => void)[] = [];
  let active = 0;
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  const acquire = (): Promise<void> => {
    if (active < max) {
      active++;
      return Promise.resolve();
    }
    // The slot passes straight to the next waiter: `active` stays the same.
    return new Promise((resolve) => waiting.push(resolve));
  };
  return {
    baseUrl: client.baseUrl,
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      await acquire();
      try {
        return await client.request<T>(req);
      } finally {
        release();
      }
    },
  };
}

export { limitClient };
