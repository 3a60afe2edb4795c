/**
 * Where each resource type lives in the Admin API (etcd mode).
 *
 * @example
 * ```ts
 * resourcePath({ type: 'consumer_credential', id: 'c1', parentId: 'alice' });
 * // '/apisix/admin/consumers/alice/credentials/c1'
 * ```
 */
import type { ResourceType } from '../config/resources-types.js';

const ADMIN_PREFIX = '/apisix/admin';

/** Collection segment per type; credentials are nested under their consumer. */
const COLLECTIONS: Record<Exclude<ResourceType, 'consumer_credential'>, string> = {
  service: 'services',
  route: 'routes',
  stream_route: 'stream_routes',
  upstream: 'upstreams',
  ssl: 'ssls',
  consumer: 'consumers',
  global_rule: 'global_rules',
  plugin_metadata: 'plugin_metadata',
};

/** Path of one resource; `parentId` is required for credentials. */
function resourcePath(ref: { type: ResourceType; id: string; parentId?: string }): string {
  const id = encodeURIComponent(ref.id);
  if (ref.type === 'consumer_credential') {
    if (!ref.parentId) throw new Error(`credential ${ref.id} has no consumer`);
    return `${ADMIN_PREFIX}/consumers/${encodeURIComponent(ref.parentId)}/credentials/${id}`;
  }
  return `${ADMIN_PREFIX}/${COLLECTIONS[ref.type]}/${id}`;
}

/** Path of a collection list. */
function collectionPath(type: Exclude<ResourceType, 'consumer_credential'>): string {
  return `${ADMIN_PREFIX}/${COLLECTIONS[type]}`;
}

/** Path of a consumer's credential list. */
function credentialsPath(username: string): string {
  return `${ADMIN_PREFIX}/consumers/${encodeURIComponent(username)}/credentials`;
}

export { ADMIN_PREFIX, COLLECTIONS, collectionPath, credentialsPath, resourcePath };
