/** Referential integrity: reference checks on write and the delete checkers. */
import type { Ctx } from './context.js';
import { isObject } from './json.js';
import type { Json, JsonObject } from './types.js';

const KIND_LABEL: Record<string, string> = {
  upstreams: 'upstream',
  services: 'service',
  plugin_configs: 'plugin config',
  consumer_groups: 'consumer group',
  ssls: 'ssl',
};

/** The stored value at `/apisix/<dir>/<id>`, compared through `tostring` like APISIX. */
function lookup(ctx: Ctx, dir: string, id: Json): JsonObject | undefined {
  const entry = ctx.store.get(dir, `/apisix/${dir}/${String(id)}`);
  return entry && isObject(entry.value) ? entry.value : undefined;
}

/**
 * The write-time reference check: 400 message when `/apisix/<dir>/<id>` does not exist.
 *
 * @example
 * ```ts
 * missingRef(ctx, 'upstreams', 'u404'); // 'failed to fetch upstream info by upstream id [u404], response code: 404'
 * ```
 */
function missingRef(ctx: Ctx, dir: string, id: Json | undefined): string | undefined {
  if (id === undefined || lookup(ctx, dir, id)) return undefined;
  const kind = KIND_LABEL[dir] ?? dir;
  return `failed to fetch ${kind} info by ${kind} id [${String(id)}], response code: 404`;
}

/** `upstream.tls.client_cert_id` must name an SSL of type `client`. */
function clientCertRef(ctx: Ctx, upstream: Json | undefined): string | undefined {
  const tls = isObject(upstream) ? upstream.tls : undefined;
  const id = isObject(tls) ? tls.client_cert_id : undefined;
  if (id === undefined) return undefined;
  const ssl = lookup(ctx, 'ssls', id);
  if (!ssl) return `failed to fetch ssl info by ssl id [${String(id)}], response code: 404`;
  if (ssl.type !== 'client')
    return `failed to fetch ssl info by ssl id [${String(id)}], wrong ssl type`;
  return undefined;
}

function pluginUsesUpstream(plugins: Json | undefined, id: string): boolean {
  const split = isObject(plugins) ? plugins['traffic-split'] : undefined;
  const rules = isObject(split) && Array.isArray(split.rules) ? split.rules : [];
  return rules.some(
    (rule) =>
      isObject(rule) &&
      Array.isArray(rule.weighted_upstreams) &&
      rule.weighted_upstreams.some(
        (wu) => isObject(wu) && wu.upstream_id !== undefined && String(wu.upstream_id) === id,
      ),
  );
}

function pluginUsesProto(plugins: Json | undefined, id: string): boolean {
  const conf = isObject(plugins) ? plugins['grpc-transcode'] : undefined;
  return isObject(conf) && conf.proto_id !== undefined && String(conf.proto_id) === id;
}

function values(ctx: Ctx, dir: string): JsonObject[] {
  return (ctx.store.list(dir) ?? []).flatMap((e) => (isObject(e.value) ? [e.value] : []));
}

const UPSTREAM_USERS: Array<[string, string]> = [
  ['routes', 'route'],
  ['services', 'service'],
  ['plugin_configs', 'plugin_config'],
  ['consumers', 'consumer'],
  ['consumer_groups', 'consumer_group'],
  ['global_rules', 'global_rules'],
];

function upstreamInUse(ctx: Ctx, id: string): string | undefined {
  for (const [dir, label] of UPSTREAM_USERS) {
    for (const value of values(ctx, dir)) {
      const name = String(dir === 'consumers' ? value.username : value.id);
      if (pluginUsesUpstream(value.plugins, id)) {
        return `can not delete this upstream, plugin in ${label} [${name}] is still using it now`;
      }
      if (
        (dir === 'routes' || dir === 'services') &&
        value.upstream_id !== undefined &&
        String(value.upstream_id) === id
      ) {
        return `can not delete this upstream, ${label} [${name}] is still using it now`;
      }
    }
  }
  return undefined;
}

function firstUser(ctx: Ctx, dir: string, field: string, id: string): JsonObject | undefined {
  return values(ctx, dir).find((v) => v[field] !== undefined && String(v[field]) === id);
}

/**
 * The delete checker of `resource` (skipped with `?force=true`): 400 message when still referenced.
 *
 * @example
 * ```ts
 * deleteBlocked(ctx, 'upstreams', 'u1'); // 'can not delete this upstream, route [r1] is still using it now'
 * ```
 */
function deleteBlocked(ctx: Ctx, resource: string, id: string): string | undefined {
  if (resource === 'upstreams') return upstreamInUse(ctx, id);
  if (resource === 'services') {
    const route = firstUser(ctx, 'routes', 'service_id', id);
    if (route)
      return `can not delete this service directly, route [${String(route.id)}] is still using it now`;
    const stream = firstUser(ctx, 'stream_routes', 'service_id', id);
    if (stream)
      return `can not delete this service directly, stream_route [${String(stream.id)}] is still using it now`;
  }
  if (resource === 'plugin_configs') {
    const route = firstUser(ctx, 'routes', 'plugin_config_id', id);
    if (route)
      return `can not delete this plugin config, route [${String(route.id)}] is still using it now`;
  }
  if (resource === 'consumer_groups') {
    const consumer = firstUser(ctx, 'consumers', 'group_id', id);
    if (consumer)
      return `can not delete this consumer group, consumer [${String(consumer.username)}] is still using it now`;
  }
  if (resource === 'protos') {
    for (const [dir, label] of [
      ['routes', 'route'],
      ['services', 'service'],
    ] as const) {
      const user = values(ctx, dir).find((v) => pluginUsesProto(v.plugins, id));
      if (user)
        return `can not delete this proto, ${label} [${String(user.id)}] is still using it now`;
    }
  }
  if (resource === 'stream_routes') {
    const sub = values(ctx, 'stream_routes').find(
      (v) => isObject(v.protocol) && String(v.protocol.superior_id) === id,
    );
    if (sub)
      return `can not delete this stream route directly, stream route [${String(sub.id)}] is still using it as superior_id`;
  }
  return undefined;
}

export { clientCertRef, deleteBlocked, lookup, missingRef };
