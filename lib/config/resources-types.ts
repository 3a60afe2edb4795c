/**
 * The flat resource model shared by `lib/config` (desired side), `lib/apisix` (live side) and
 * `lib/differ`. A `Resource` is one Admin API object: its type, its id, its ADC name and the
 * Admin API body (`value`) as apisync would PUT it (desired) or as a GET returned it (live).
 *
 * @example
 * ```ts
 * const route: Resource = {
 *   type: 'route', id: sha1('httpbin.get'), name: 'get', parentId: sha1('httpbin'),
 *   value: { name: 'get', uris: ['/get'], service_id: sha1('httpbin'), status: 1, labels: { 'managed-by': 'adc' } },
 * };
 * ```
 */

/** Resource kinds apisync writes, with ADC's names. */
type ResourceType =
  | 'service'
  | 'route'
  | 'stream_route'
  | 'upstream'
  | 'ssl'
  | 'consumer'
  | 'consumer_credential'
  | 'global_rule'
  | 'plugin_metadata';

/** Every value of {@link ResourceType}, in ADC's `RESOURCE_DIFFER_META` order. */
const RESOURCE_TYPES: readonly ResourceType[] = [
  'service',
  'ssl',
  'consumer',
  'global_rule',
  'plugin_metadata',
  'route',
  'stream_route',
  'consumer_credential',
  'upstream',
];

interface Resource {
  type: ResourceType;
  /** Admin API id: sha1 derivation or custom id; a consumer's username; a plugin name for global rules and plugin metadata. */
  id: string;
  /** ADC name: route/service/upstream name, username, credential name, snis joined with `,`, plugin name. */
  name: string;
  /** Parent id for nested resources: service id for routes, stream routes and upstreams owned by a service; username for credentials. */
  parentId?: string;
  /** Admin API body, without the `id` key (the id travels in the URL). Live values keep whatever the server returned. */
  value: Record<string, unknown>;
}

export type { Resource, ResourceType };
export { RESOURCE_TYPES };
