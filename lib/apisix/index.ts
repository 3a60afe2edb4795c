/**
 * The APISIX Admin API backend (etcd mode), built on an `HttpClient` the caller made from its
 * own agents (a handler's module-scope registry) with the admin key header preset.
 *
 * @example
 * ```ts
 * const client = createHttpClient({ baseUrl, agents: registry.agentsFor(tls), timeoutMs: 10_000, headers: { 'X-API-KEY': key } });
 * const backend = createApisixBackend({ client, concurrency: 8 });
 * const { resources, version } = await backend.dump();
 * ```
 */
import type { Resource } from '../config/resources-types.js';
import type { DiffEvent } from '../differ/types.js';
import type { HttpClient } from '../http/types.js';
import { applyEvents } from './apply.js';
import { clearDefaultsCache, gatewayDefaults } from './defaults.js';
import { dumpGateway } from './dump.js';
import { limitClient } from './limit.js';
import { ADMIN_PREFIX, collectionPath } from './paths.js';
import type { ApplyOptions, Backend, DumpResult, DumpScope, PluginUsage } from './types.js';
import { validateOnGateway } from './validate.js';
import { UNKNOWN_VERSION, versionFromServerHeader } from './version.js';

interface ApisixBackendOptions {
  client: HttpClient;
  /** Bound on parallel reads during a dump and writes during apply; default 8. */
  concurrency?: number;
}

function createApisixBackend(options: ApisixBackendOptions): Backend {
  const concurrency = options.concurrency ?? 8;
  // Every request of this backend shares one bound: the sockets it opens never exceed it.
  const client = limitClient(options.client, concurrency);
  let knownVersion: string | undefined;

  const version = async (): Promise<string> => {
    if (knownVersion) return knownVersion;
    // Unauthenticated and bodiless on 3.13+; older gateways answer nginx's 404, which still
    // carries the Server header.
    const res = await client.request({
      method: 'HEAD',
      path: ADMIN_PREFIX,
      acceptStatus: () => true,
    });
    knownVersion = versionFromServerHeader(res.headers.server) ?? UNKNOWN_VERSION;
    return knownVersion;
  };

  return {
    kind: 'apisix',
    async ping() {
      // Authenticated, and one small page instead of ADC's full route list.
      const res = await client.request({
        method: 'GET',
        path: collectionPath('route'),
        query: { page: 1, page_size: 10 },
      });
      knownVersion = versionFromServerHeader(res.headers.server) ?? knownVersion;
      return { version: knownVersion ?? UNKNOWN_VERSION };
    },
    version,
    async dump(scope?: DumpScope): Promise<DumpResult> {
      const result = await dumpGateway(client, { concurrency, scope, version });
      knownVersion = result.version;
      return result;
    },
    async defaults(usage: PluginUsage) {
      return gatewayDefaults(client, await version(), usage);
    },
    apply(events: readonly DiffEvent[], applyOptions: ApplyOptions = {}) {
      return applyEvents(client, events, { concurrency, ...applyOptions });
    },
    async validate(resources: readonly Resource[]) {
      return validateOnGateway(client, await version(), resources);
    },
  };
}

export { mapWithConcurrency } from './concurrency.js';
export { DOC_KEYS, documentItem, documentItemId, fromDocument, toDocument } from './document.js';
export { dumpPlan, inDumpPlan } from './dump-scope.js';
export { limitClient } from './limit.js';
export { resourcePath } from './paths.js';
export type * from './types.js';
export { validateOnGateway } from './validate.js';
export { atLeast, compareVersions, UNKNOWN_VERSION, versionFromServerHeader } from './version.js';
export type { ApisixBackendOptions };
export { clearDefaultsCache, createApisixBackend };
