/**
 * Which Admin API lists a dump must read for the resource types a run manages. A list is read
 * when something in scope is of its type or needs it to be judged:
 *
 * - routes and stream routes are kept only under a live service, and a service-owned upstream
 *   is recognised through its service: any of them in scope reads `services`;
 * - a service or upstream delete is held back while a live route or stream route still points
 *   at it (`service_id`, `upstream_id`): either in scope reads `routes` and `stream_routes`;
 * - an SSL delete is held back while an upstream's `tls.client_cert_id` points at it: `ssl` in
 *   scope reads `upstreams` (and `services`, which own them);
 * - an inline upstream is part of its service: `service` in scope reads `upstreams`;
 * - credentials are listed per consumer and take their consumer's labels: `consumer_credential`
 *   in scope reads `consumers` and the per-consumer credential lists.
 *
 * AIC's `includeResourceType: [service, route, upstream, ssl]` and `excludeResourceType:
 * [consumer]` thus skip the credential lists (one request per consumer).
 *
 * @example
 * ```ts
 * dumpPlan({ types: ['route'] }); // { lists: Set { 'service', 'route' }, credentials: false }
 * dumpPlan({ types: ['consumer_credential'] }); // { lists: Set { 'consumer' }, credentials: true }
 * ```
 */
import { RESOURCE_TYPES, type ResourceType } from '../config/resources-types.js';
import type { DumpScope } from './types.js';

type ListType = Exclude<ResourceType, 'consumer_credential'>;

interface DumpPlan {
  lists: ReadonlySet<ListType>;
  /** Read each consumer's credential list (APISIX ≥ 3.11). */
  credentials: boolean;
}

/** For each list, the in-scope types that need it. */
const NEEDED_BY: Record<ListType, readonly ResourceType[]> = {
  service: ['service', 'route', 'stream_route', 'upstream', 'ssl'],
  route: ['route', 'service', 'upstream'],
  stream_route: ['stream_route', 'service', 'upstream'],
  upstream: ['upstream', 'service', 'ssl'],
  ssl: ['ssl'],
  consumer: ['consumer', 'consumer_credential'],
  global_rule: ['global_rule'],
  plugin_metadata: ['plugin_metadata'],
};

/** The lists to read for `scope`; no scope (or no `types`) reads everything. */
function dumpPlan(scope: DumpScope = {}): DumpPlan {
  const types = new Set<ResourceType>(scope.types ?? RESOURCE_TYPES);
  const lists = new Set<ListType>();
  for (const [list, neededBy] of Object.entries(NEEDED_BY) as [ListType, ResourceType[]][]) {
    if (neededBy.some((t) => types.has(t))) lists.add(list);
  }
  return { lists, credentials: types.has('consumer_credential') };
}

/**
 * Whether a dumped resource belongs to what `plan` reads (the standalone backend reads one
 * document and keeps only these).
 *
 * @example
 * ```ts
 * inDumpPlan({ type: 'consumer' }, dumpPlan({ types: ['route'] })); // false
 * ```
 */
function inDumpPlan(resource: { type: ResourceType }, plan: DumpPlan): boolean {
  return resource.type === 'consumer_credential' ? plan.credentials : plan.lists.has(resource.type);
}

export type { DumpPlan, ListType };
export { dumpPlan, inDumpPlan };
