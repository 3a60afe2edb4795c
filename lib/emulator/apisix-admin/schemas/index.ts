/** Core resource schemas by schema name (`GET /apisix/admin/schema/<name>`), cached per version. */
import type { Schema } from '../jsonschema.js';
import {
  consumerSchema,
  credentialSchema,
  protoSchema,
  sslSchema,
  streamRouteSchema,
  withPlugins,
} from './resources.js';
import { routeSchema, serviceSchema } from './route.js';
import { upstreamSchema } from './upstream.js';

const cache = new Map<string, Record<string, Schema>>();

/**
 * All core schemas of `version`, keyed by the singular schema name.
 *
 * @example
 * ```ts
 * coreSchemas('3.18.0').route?.type; // 'object'
 * ```
 */
function coreSchemas(version: string): Record<string, Schema> {
  const hit = cache.get(version);
  if (hit) return hit;
  const schemas: Record<string, Schema> = {
    route: routeSchema(version),
    service: serviceSchema(version),
    upstream: upstreamSchema(version),
    ssl: sslSchema(version),
    consumer: consumerSchema(version),
    credential: credentialSchema(version),
    global_rule: withPlugins(version, ['id', 'plugins']),
    plugin_config: withPlugins(version, ['id', 'plugins']),
    consumer_group: withPlugins(version, ['id', 'plugins']),
    proto: protoSchema(version),
    stream_route: streamRouteSchema(version),
  };
  cache.set(version, schemas);
  return schemas;
}

export { coreSchemas };
