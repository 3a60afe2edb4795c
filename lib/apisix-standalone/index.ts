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
  dumpPlan,
  fromDocument,
  inDumpPlan,
  UNKNOWN_VERSION,
  validateOnGateway,
  versionFromServerHeader,
} from '../apisix/index.js';
import type {
  ApplyResult,
  Backend,
  DumpResult,
  DumpScope,
  EndpointStatus,
  ValidateResult,
} from '../apisix/types.js';
import type { Resource } from '../config/resources-types.js';
import { builtinDefaults } from '../differ/index.js';
import type { Defaults, DiffEvent } from '../differ/types.js';
import type { HttpClient } from '../http/types.js';
import { type Baseline, type BaselineCache, defaultBaselineCache } from './baseline.js';
import { applyToDocument } from './document.js';
import { type PutOutcome, putDocument } from './put.js';
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

/**
 * Results per event. Every server holds the whole document, so an event is applied on exactly
 * the servers that accepted the PUT: when all did, one success per event; when none did, one
 * failure per event naming the servers; when some did, both — a success naming the servers
 * that applied it and a failure naming those that rejected it (the run is then a partial
 * failure, never `all_failed`: the gateway serves the new document on part of its fleet).
 */
function resultsOf(
  events: readonly DiffEvent[],
  outcome: PutOutcome,
  clients: readonly HttpClient[],
): ApplyResult[] {
  const failed = new Set(outcome.failedServers);
  const applied = clients.map((c) => c.baseUrl).filter((s) => !failed.has(s));
  return events.flatMap((event): ApplyResult[] => {
    const out: ApplyResult[] = [];
    if (applied.length > 0)
      out.push({ event, status: 'success', server: applied.join(','), at: outcome.at });
    if (failed.size > 0) {
      const server = outcome.failedServers.join(',');
      out.push({ event, status: 'failed', reason: outcome.reason, server, at: outcome.at });
    }
    return out;
  });
}

class StandaloneBackend implements Backend {
  readonly kind = 'apisix-standalone';
  private readonly clients: HttpClient[];
  private readonly cache: BaselineCache;
  private readonly key: string;
  private readonly now: () => number;
  private knownVersion: string | undefined;
  private lastStatus: EndpointStatus[] = [];
  /** Reachable servers that hold another document than the baseline's source. */
  private lagging: number[] = [];

  constructor(options: StandaloneOptions) {
    if (options.clients.length === 0)
      throw new Error('apisix-standalone needs at least one server');
    this.clients = options.clients;
    this.cache = options.cache ?? defaultBaselineCache();
    this.key = options.cacheKey ?? this.clients.map((c) => c.baseUrl).join(',');
    this.now = options.now ?? Date.now;
    if (options.bypassCache) this.cache.delete(this.key);
  }

  async version(): Promise<string> {
    if (this.knownVersion) return this.knownVersion;
    const res = await this.clients[0]!.request({
      method: 'HEAD',
      path: '/apisix/admin',
      acceptStatus: () => true,
    });
    this.knownVersion = versionFromServerHeader(res.headers.server) ?? UNKNOWN_VERSION;
    return this.knownVersion;
  }

  async ping(): Promise<{ version: string }> {
    const version = await this.version();
    const method = atLeast(version, '3.14.0') ? 'HEAD' : 'GET';
    await Promise.all(this.clients.map((c) => c.request({ method, path: CONFIGS })));
    return { version };
  }

  /**
   * One document holds everything, so the read is the same whatever the scope; the scope only
   * spares converting collections nothing in it needs. The document written back always keeps
   * every collection (apply starts from the whole baseline).
   */
  async dump(scope?: DumpScope): Promise<DumpResult> {
    const base = await this.baseline();
    const resources = fromDocument(base.document);
    if (scope?.types === undefined) return { resources, version: base.version };
    const plan = dumpPlan(scope);
    return { resources: resources.filter((r) => inDumpPlan(r, plan)), version: base.version };
  }

  /** Standalone stores documents exactly as sent: no server-side injection to absorb. */
  async defaults(): Promise<Defaults> {
    return builtinDefaults();
  }

  async apply(events: readonly DiffEvent[]): Promise<ApplyResult[]> {
    // An empty plan still brings a lagging server level: the whole document, every collection
    // bumped, so each server replaces what it holds.
    if (events.length === 0 && this.lagging.length === 0) return [];
    const base = await this.baseline();
    const outcome = await putDocument({
      clients: this.clients,
      document: applyToDocument(base.document, events, this.now(), {
        bumpAll: events.length === 0,
      }),
      digest: (body) => createHash('sha1').update(body).digest('hex'),
      rebuild: async (client) =>
        applyToDocument((await readFrom(client, base.version)).document, events, this.now()),
    });
    this.lastStatus = outcome.endpoints;
    this.lagging = [];
    if (outcome.allOk)
      this.cache.set(this.key, { document: outcome.document, version: base.version });
    else this.cache.delete(this.key);
    return resultsOf(events, outcome, this.clients);
  }

  async validate(resources: readonly Resource[]): Promise<ValidateResult> {
    return validateOnGateway(this.clients[0]!, await this.version(), resources, '3.15.0');
  }

  endpointStatus(): EndpointStatus[] {
    return this.lastStatus;
  }

  private async baseline(): Promise<Baseline> {
    const cached = this.cache.get(this.key);
    if (cached) return cached;
    const fresh = await readFreshest(this.clients, await this.version());
    this.lagging = fresh.lagging;
    this.cache.set(this.key, fresh.baseline);
    return fresh.baseline;
  }
}

/** The standalone backend over one client per server; see the module comment. */
function createStandaloneBackend(options: StandaloneOptions): Backend {
  return new StandaloneBackend(options);
}

export { clearBaselineCache, createBaselineCache } from './baseline.js';
export { applyToDocument } from './document.js';
export type { StandaloneOptions };
export { createStandaloneBackend };
