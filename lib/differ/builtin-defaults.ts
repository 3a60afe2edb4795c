/**
 * The built-in defaults table: what APISIX below 3.14 injects into stored values, used when the
 * backend could not fetch the gateway's own schemas (or lacks an entry). Core trees were pruned
 * from the 3.13.0 `/schema/route` answer recorded in `test/fixtures/differ/schemas-3.13.0.json`;
 * plugin trees come from the 3.13.0 recordings (plugin defaults in PUT/GET answers) and from the
 * plugins' schemas. A wrong default could hide a real change, so an entry is listed only when its
 * value is known; an unknown plugin simply gets no default absorption.
 */
import type { Defaults, SchemaDefaults } from './types.js';

function d(value: unknown): SchemaDefaults {
  return { default: value };
}

function obj(properties: Record<string, SchemaDefaults>): SchemaDefaults {
  return { properties };
}

/** Upstream defaults (schema_def.lua `upstream_schema` as served by 3.13.0). */
function upstreamTree(): SchemaDefaults {
  const activeUnhealthy = [429, 404, 500, 501, 502, 503, 504, 505];
  const passiveHealthy = [
    200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308,
  ];
  return obj({
    type: d('roundrobin'),
    scheme: d('http'),
    pass_host: d('pass'),
    hash_on: d('vars'),
    nodes: { items: obj({ priority: d(0) }) },
    keepalive_pool: obj({ size: d(320), idle_timeout: d(60), requests: d(1000) }),
    tls: obj({ verify: d(false) }),
    checks: obj({
      active: obj({
        type: d('http'),
        timeout: d(1),
        concurrency: d(10),
        http_path: d('/'),
        https_verify_certificate: d(true),
        healthy: obj({ interval: d(1), successes: d(2), http_statuses: d([200, 302]) }),
        unhealthy: obj({
          interval: d(1),
          http_failures: d(5),
          tcp_failures: d(2),
          timeouts: d(3),
          http_statuses: d(activeUnhealthy),
        }),
      }),
      passive: obj({
        type: d('http'),
        healthy: obj({ successes: d(5), http_statuses: d(passiveHealthy) }),
        unhealthy: obj({
          http_failures: d(5),
          tcp_failures: d(2),
          timeouts: d(7),
          http_statuses: d([429, 500, 503]),
        }),
      }),
    }),
  });
}

/** Batch-processor defaults shared by the logger plugins (`batch_processor.lua`). */
function batchProcessor(name: string): Record<string, SchemaDefaults> {
  return {
    name: d(name),
    batch_max_size: d(1000),
    inactive_timeout: d(5),
    buffer_duration: d(60),
    max_retry_count: d(0),
    retry_delay: d(1),
  };
}

function redisPolicy(): Record<string, SchemaDefaults> {
  return {
    redis_port: d(6379),
    redis_timeout: d(1000),
    redis_database: d(0),
    redis_ssl: d(false),
    redis_ssl_verify: d(false),
    redis_cluster_ssl: d(false),
    redis_cluster_ssl_verify: d(false),
  };
}

function trafficPluginTrees(): Record<string, SchemaDefaults> {
  return {
    'limit-count': obj({
      policy: d('local'),
      key_type: d('var'),
      key: d('remote_addr'),
      rejected_code: d(503),
      show_limit_quota_header: d(true),
      allow_degradation: d(false),
      ...redisPolicy(),
    }),
    'limit-req': obj({
      policy: d('local'),
      key_type: d('var'),
      rejected_code: d(503),
      nodelay: d(false),
      allow_degradation: d(false),
      ...redisPolicy(),
    }),
    'limit-conn': obj({
      policy: d('local'),
      key_type: d('var'),
      rejected_code: d(503),
      only_use_default_delay: d(false),
      allow_degradation: d(false),
      ...redisPolicy(),
    }),
    'ip-restriction': obj({ message: d('Your IP address is not allowed') }),
    redirect: obj({ ret_code: d(302), encode_uri: d(false), append_query_string: d(false) }),
    'uri-blocker': obj({ rejected_code: d(403), case_insensitive: d(false) }),
  };
}

function authPluginTrees(): Record<string, SchemaDefaults> {
  return {
    'key-auth': obj({ header: d('apikey'), query: d('apikey'), hide_credentials: d(false) }),
    'basic-auth': obj({ hide_credentials: d(false) }),
    'jwt-auth': obj({
      header: d('authorization'),
      query: d('jwt'),
      cookie: d('jwt'),
      hide_credentials: d(false),
    }),
    'hmac-auth': obj({ hide_credentials: d(false), validate_request_body: d(false) }),
    'consumer-restriction': obj({ type: d('consumer_name'), rejected_code: d(403) }),
  };
}

function transformPluginTrees(): Record<string, SchemaDefaults> {
  return {
    cors: obj({
      allow_origins: d('*'),
      allow_methods: d('*'),
      allow_headers: d('*'),
      max_age: d(5),
      allow_credential: d(false),
    }),
    'proxy-rewrite': obj({ use_real_request_uri_unsafe: d(false) }),
    'response-rewrite': obj({ body_base64: d(false) }),
    'serverless-pre-function': obj({ phase: d('access') }),
    'serverless-post-function': obj({ phase: d('access') }),
  };
}

function observabilityPluginTrees(): Record<string, SchemaDefaults> {
  return {
    prometheus: obj({ prefer_name: d(false) }),
    'http-logger': obj({
      ...batchProcessor('http logger'),
      timeout: d(3),
      include_req_body: d(false),
      include_resp_body: d(false),
      concat_method: d('json'),
      ssl_verify: d(false),
    }),
    'request-id': obj({
      header_name: d('X-Request-Id'),
      include_in_response: d(true),
      algorithm: d('uuid'),
      range_id: {
        default: {},
        properties: {
          char_set: d('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
          length: d(16),
        },
      },
    }),
  };
}

function pluginTrees(): Record<string, SchemaDefaults> {
  return {
    ...trafficPluginTrees(),
    ...authPluginTrees(),
    ...transformPluginTrees(),
    ...observabilityPluginTrees(),
  };
}

/** Consumer-side (`schema_type=consumer`) trees of the auth plugins; they differ from the route side. */
function consumerPluginTrees(): Record<string, SchemaDefaults> {
  return {
    'key-auth': obj({}),
    'basic-auth': obj({}),
    'jwt-auth': obj({
      algorithm: d('HS256'),
      base64_secret: d(false),
      exp: d(86400),
      lifetime_grace_period: d(0),
    }),
    'hmac-auth': obj({}),
  };
}

/**
 * The built-in defaults table (a fresh object on every call, so callers may not corrupt it).
 *
 * @example
 * ```ts
 * const events = diff(desired, live, { defaults: builtinDefaults() });
 * builtinDefaults().plugins['limit-count']?.properties?.policy; // { default: 'local' }
 * ```
 */
function builtinDefaults(): Defaults {
  const upstream = upstreamTree();
  return {
    core: {
      route: obj({ priority: d(0), status: d(1), upstream }),
      service: obj({ upstream }),
      stream_route: obj({ upstream }),
      upstream,
      ssl: obj({ type: d('server'), status: d(1) }),
      consumer: obj({}),
      consumer_credential: obj({}),
      global_rule: obj({}),
      plugin_metadata: obj({}),
    },
    plugins: pluginTrees(),
    consumerPlugins: consumerPluginTrees(),
    pluginMetadata: {},
  };
}

export { builtinDefaults };
