/**
 * The HTTP client contract. `lib/http` builds clients from agents the caller passes in (a
 * handler's module-scope registry); every other module (`lib/apisix`, `lib/source`, …) receives
 * an `HttpClient` and never creates an agent.
 *
 * @example
 * ```ts
 * const res = await client.request<{ list: unknown[] }>({ method: 'GET', path: '/apisix/admin/routes' });
 * console.log(res.status, res.headers.server, res.data.list.length);
 * ```
 */
import type { Agent as HttpAgentBase } from 'node:http';
import type { Agent as HttpsAgentBase } from 'node:https';

type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

interface HttpRequest {
  method: HttpMethod;
  /** Path relative to the client's `baseUrl` (e.g. `/apisix/admin/routes`), or an absolute URL. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number;
  /** How to read the body: parsed JSON when possible (default), raw text, or bytes. */
  responseType?: 'json' | 'text' | 'buffer';
  /** Statuses that resolve instead of throwing `AdminApiError`; default: 2xx only. */
  acceptStatus?: (status: number) => boolean;
}

interface HttpResponse<T = unknown> {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  data: T;
  /** How many attempts the retry policy made (1 = no retry). */
  attempts: number;
}

interface HttpClient {
  readonly baseUrl: string;
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
}

/** The agents a client is built from; a registry hands these out per TLS profile. */
interface Agents {
  httpAgent: HttpAgentBase;
  httpsAgent: HttpsAgentBase;
}

/** TLS material that selects an HTTPS agent profile. PEM strings, never file paths. */
interface TlsProfile {
  ca?: string;
  cert?: string;
  key?: string;
  /** Default true. */
  rejectUnauthorized?: boolean;
  servername?: string;
}

export type { Agents, HttpClient, HttpMethod, HttpRequest, HttpResponse, TlsProfile };
