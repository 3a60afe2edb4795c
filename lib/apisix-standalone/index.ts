/**
 * The backend for APISIX's API-driven standalone mode (`/apisix/admin/configs`): the whole
 * configuration is one document, written with one PUT per data-plane server (`X-Digest`
 * = SHA-1 of the body), with a status per endpoint. A per-`cacheKey` baseline in module scope
 * saves re-reading the document on warm invocations; a conf_version rejection (a stale
 * baseline after a leader change, AIC #2749) rebuilds the baseline from that server and
 * retries once.
 *
 * @example
 * ```ts
 * const backend = createStandaloneBackend({ clients, cacheKey: 'gw-1' });
 * const { resources } = await backend.dump();
 * await backend.apply(events);
 * console.log(backend.endpointStatus?.());
 * ```
 */
import { createHash } from 'node:crypto';
import {
  atLeast,
  fromDocument,
  UNKNOWN_VERSION,
  validateOnGateway,
  versionFromServerHeader,
} from '../apisix/index.js';
import type { ApplyResult, Backend, EndpointStatus } from '../apisix/types.js';
import type { Resource } from '../config/resources-types.js';
import { builtinDefaults } from '../differ/index.js';
import type { DiffEvent } from '../differ/types.js';
import type { HttpClient } from '../http/types.js';
import { type Baseline, type BaselineCache, defaultBaselineCache } from './baseline.js';
import { applyToDocument } from './document.js';
import { putDocument } from './put.js';
import { readFreshest, readFrom } from './read.js';

const CONFIGS = '/apisix/admin/configs';

interface StandaloneOptions {
  /** One client per data-plane server, each with its own `X-API-KEY`. */
  clients: HttpClient[];
  /** Baseline cache key (ADC `cacheKey`); default: the servers joined. */
  cacheKey?: string;
  bypassCache?: boolean;
  cache?: BaselineCache;
  now?: () => number;
}

function createStandaloneBackend(options: StandaloneOptions): Backend {
  const { clients } = options;
  if (clients.length === 0) throw new Error('apisix-standalone needs at least one server');
  const cache = options.cache ?? defaultBaselineCache();
  const key = options.cacheKey ?? clients.map((c) => c.baseUrl).join(',');
  const now = options.now ?? Date.now;
  let knownVersion: string | undefined;
  let lastStatus: EndpointStatus[] = [];
  /** Reachable servers that hold another document than the baseline's source. */
  let lagging: number[] = [];
  if (options.bypassCache) cache.delete(key);

  const version = async (): Promise<string> => {
    if (knownVersion) return knownVersion;
    const res = await clients[0]!.request({
      method: 'HEAD',
      path: '/apisix/admin',
      acceptStatus: () => true,
    });
    const found = versionFromServerHeader(res.headers.server) ?? UNKNOWN_VERSION;
    knownVersion = found;
    return found;
  };

  const baseline = async (): Promise<Baseline> => {
    const cached = cache.get(key);
    if (cached) return cached;
    const fresh = await readFreshest(clients, await version());
    lagging = fresh.lagging;
    cache.set(key, fresh.baseline);
    return fresh.baseline;
  };

  const apply = async (events: readonly DiffEvent[]): Promise<ApplyResult[]> => {
    // An empty plan still brings a lagging server level: the whole document, every collection
    // bumped, so each server replaces what it holds.
    if (events.length === 0 && lagging.length === 0) return [];
    const base = await baseline();
    const outcome = await putDocument({
      clients,
      document: applyToDocument(base.document, events, now(), { bumpAll: events.length === 0 }),
      digest: (body) => createHash('sha1').update(body).digest('hex'),
      rebuild: async (client) =>
        applyToDocument((await readFrom(client, base.version)).document, events, now()),
    });
    lastStatus = outcome.endpoints;
    lagging = [];
    if (outcome.allOk) cache.set(key, { document: outcome.document, version: base.version });
    else cache.delete(key);
    return events.map((event) =>
      outcome.allOk
        ? {
            event,
            status: 'success',
            server: clients.map((c) => c.baseUrl).join(','),
            at: outcome.at,
          }
        : {
            event,
            status: 'failed',
            reason: outcome.reason,
            server: outcome.failedServers.join(','),
            at: outcome.at,
          },
    );
  };

  return {
    kind: 'apisix-standalone',
    async ping() {
      const v = await version();
      const method = atLeast(v, '3.14.0') ? 'HEAD' : 'GET';
      await Promise.all(clients.map((c) => c.request({ method, path: CONFIGS })));
      return { version: v };
    },
    version,
    async dump() {
      const base = await baseline();
      return { resources: fromDocument(base.document), version: base.version };
    },
    async defaults() {
      // Standalone stores documents exactly as sent: no server-side injection to absorb.
      return builtinDefaults();
    },
    apply,
    async validate(resources: readonly Resource[]) {
      return validateOnGateway(clients[0]!, await version(), resources, '3.15.0');
    },
    endpointStatus: () => lastStatus,
  };
}

export { clearBaselineCache, createBaselineCache } from './baseline.js';
export { applyToDocument } from './document.js';
export type { StandaloneOptions };
export { createStandaloneBackend };
