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
  const run = <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
    let pending: Promise<HttpResponse<T>>;
    try {
      pending = client.request<T>(req);
    } catch (error) {
      release();
      return Promise.reject(error);
    }
    return pending.then(
      (res) => {
        release();
        return res;
      },
      (error: unknown) => {
        release();
        throw error;
      },
    );
  };
  return {
    baseUrl: client.baseUrl,
    request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      // A free slot starts the request at once: no promise to acquire it, no extra turn of the
      // microtask queue (thousands of writes a sync). Otherwise wait for a slot to be handed on.
      if (active < max) {
        active++;
        return run<T>(req);
      }
      // The slot passes straight to the next waiter: `active` stays the same.
      return new Promise<void>((resolve) => waiting.push(resolve)).then(() => run<T>(req));
    },
  };
}

export { limitClient };
