/**
 * The order table: events are stable-sorted by the rank of `<type>.<op>`, so that every write
 * finds what it references and every delete finds nothing still referencing it.
 *
 * Three phases (docs/differ.md explains each row and where it departs from ADC):
 * 1. deletes of dependents: credentials, then routes and stream routes, then consumers (after
 *    their credentials), global rules and plugin metadata;
 * 2. creates then updates, referenced before referencing: SSL → upstream → service → route /
 *    stream route; consumer → credential; then global rules and plugin metadata;
 * 3. deletes of referenced resources, once nothing points at them any more: services, then
 *    upstreams (a service's `upstream_id`), then SSLs (an upstream's `tls.client_cert_id`).
 */
import type { ResourceType } from '../config/resources-types.js';
import type { DiffEvent, EventType } from './types.js';

type OrderKey = `${ResourceType}.${EventType}`;

const ORDER: readonly OrderKey[] = [
  'consumer_credential.delete',
  'route.delete',
  'stream_route.delete',
  'consumer.delete',
  'global_rule.delete',
  'plugin_metadata.delete',
  'ssl.create',
  'ssl.update',
  'upstream.create',
  'upstream.update',
  'service.create',
  'service.update',
  'route.create',
  'route.update',
  'stream_route.create',
  'stream_route.update',
  'consumer.create',
  'consumer.update',
  'consumer_credential.create',
  'consumer_credential.update',
  'global_rule.create',
  'global_rule.update',
  'plugin_metadata.create',
  'plugin_metadata.update',
  'service.delete',
  'upstream.delete',
  'ssl.delete',
];

const RANK: ReadonlyMap<string, number> = new Map(ORDER.map((key, index) => [key, index]));

/**
 * Returns the events sorted by the order table; the input order is kept within one
 * `<type>.<op>` bucket (callers pass deletes in live order, creates and updates in desired order).
 *
 * @example
 * ```ts
 * orderEvents([routeCreate, serviceCreate]); // [serviceCreate, routeCreate]
 * ```
 */
function orderEvents(events: readonly DiffEvent[]): DiffEvent[] {
  const ranked = events.map((event, index) => ({
    event,
    index,
    rank: RANK.get(`${event.resourceType}.${event.type}`) ?? ORDER.length,
  }));
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return ranked.map((entry) => entry.event);
}

export type { OrderKey };
export { ORDER, orderEvents };
