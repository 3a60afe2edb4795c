/** `/plugins/list`, `/plugins[/<name>]`, `/schema/<name>` and `/schema/validate/<res>`. */
import type { AdminRequest, Ctx } from './context.js';
import { clone, isObject } from './json.js';
import { validate } from './jsonschema.js';
import { errorMsg, json, type Reply } from './reply.js';
import type { Json, JsonObject } from './types.js';

/** GET `/apisix/admin/plugins/list[?subsystem=stream]` (no X-API-VERSION: not a resource handler). */
function pluginList(ctx: Ctx, req: AdminRequest): Reply {
  const stream = req.query.get('subsystem') === 'stream';
  return json(200, [...(stream ? ctx.registry.streamNames : ctx.registry.names)]);
}

function pluginSchema(ctx: Ctx, name: string, query: URLSearchParams): Reply {
  const subsystem = query.get('subsystem') ?? 'http';
  if (subsystem !== 'http' && subsystem !== 'stream')
    return errorMsg(400, `unsupported subsystem: ${subsystem}`, true);
  const def = ctx.registry.get(name);
  if (!def || (subsystem === 'stream' && !ctx.registry.streamNames.includes(name))) {
    return errorMsg(404, `plugin not found in subsystem ${subsystem}`, true);
  }
  const type = query.get('schema_type');
  if (type === 'consumer' && def.consumerSchema)
    return json(200, def.consumerSchema as unknown as Json, true);
  if (type === 'metadata')
    return json(200, (def.metadataSchema ?? { type: 'object' }) as unknown as Json, true);
  return json(200, ctx.registry.published(def) as unknown as Json, true);
}

/**
 * GET `/apisix/admin/plugins[...]` (the resource handler).
 *
 * @example
 * ```ts
 * pluginsResource(ctx, req, ['plugins', 'key-auth']);
 * ```
 */
function pluginsResource(ctx: Ctx, req: AdminRequest, segments: string[]): Reply {
  const name = segments[1];
  if (name) return pluginSchema(ctx, name, req.query);
  const all: JsonObject = {};
  for (const pluginName of ctx.registry.names) {
    const def = ctx.registry.get(pluginName);
    if (!def) continue;
    const entry: JsonObject = {
      schema: ctx.registry.published(def) as unknown as Json,
      priority: def.priority,
      version: 0.1,
    };
    if (def.consumerSchema) entry.consumer_schema = def.consumerSchema as unknown as Json;
    if (def.metadataSchema) entry.metadata_schema = def.metadataSchema as unknown as Json;
    if (def.auth) entry.type = 'auth';
    all[pluginName] = entry;
  }
  return json(200, all, true);
}

/** GET `/apisix/admin/schema/<name>` and `/schema/plugins/<name>`. */
function schemaResource(ctx: Ctx, req: AdminRequest, segments: string[]): Reply {
  const name = segments[1] ?? '';
  if (name === 'plugins' && segments[2]) return pluginSchema(ctx, segments[2], req.query);
  const schema = ctx.schemas[name];
  if (!schema) return errorMsg(400, `not found schema: ${name}`, true);
  return json(200, schema as unknown as Json, true);
}

const VALIDATE_SCHEMAS: Record<string, string> = {
  routes: 'route',
  services: 'service',
  upstreams: 'upstream',
  ssls: 'ssl',
  consumers: 'consumer',
  credentials: 'credential',
  global_rules: 'global_rule',
  plugin_configs: 'plugin_config',
  consumer_groups: 'consumer_group',
  protos: 'proto',
  stream_routes: 'stream_route',
};

/** POST `/apisix/admin/schema/validate/<res>`: JSON schema only, no plugin or reference checks. */
function schemaValidate(ctx: Ctx, resource: string, body: Json | undefined): Reply {
  const schema = ctx.schemas[VALIDATE_SCHEMAS[resource] ?? ''];
  if (!schema) return errorMsg(404, `Unsupported resource type: ${resource}`);
  const err = validate(schema, isObject(body) ? clone(body) : (body ?? {}), true);
  return err ? errorMsg(400, err) : { status: 200, raw: '' };
}

export { pluginList, pluginsResource, schemaResource, schemaValidate };
