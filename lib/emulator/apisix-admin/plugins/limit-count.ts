/** limit-count: the schema exactly as APISIX 3.13 and 3.18 publish it. */
import { conditional, type Schema } from '../jsonschema.js';
import { atLeast } from '../version.js';
import { arr, bool, int, num, obj, oneOfStr, rejectedCode, str, strDef } from './helpers.js';
import type { PluginFactory } from './types.js';

const positive = (modern: boolean): Schema =>
  modern ? { oneOf: [int({ exclusiveMinimum: 0 }), str()] } : int({ exclusiveMinimum: 0 });

function keepalive(): Record<string, Schema> {
  return {
    redis_keepalive_timeout: int({ minimum: 1000, default: 10000 }),
    redis_keepalive_pool: int({ minimum: 1, default: 100 }),
  };
}

/** The if/then branches carry no `type` of their own. */
function branch(properties: Record<string, Schema>, required: string[]): Schema {
  return { properties, required };
}

function redisBranch(modern: boolean): Schema {
  return branch(
    {
      redis_host: str({ minLength: 2 }),
      redis_port: int({ minimum: 1, default: 6379 }),
      redis_username: str({ minLength: 1 }),
      redis_password: str({ minLength: 0 }),
      redis_database: int({ minimum: 0, default: 0 }),
      redis_timeout: int({ minimum: 1, default: 1000 }),
      redis_ssl: bool(false),
      redis_ssl_verify: bool(false),
      ...(modern ? keepalive() : {}),
    },
    ['redis_host'],
  );
}

function clusterBranch(modern: boolean): Schema {
  return branch(
    {
      redis_cluster_nodes: arr(str({ minLength: 2, maxLength: 100 }), { minItems: 1 }),
      redis_password: str({ minLength: 0 }),
      redis_timeout: int({ minimum: 1, default: 1000 }),
      redis_cluster_name: str(),
      redis_cluster_ssl: bool(false),
      redis_cluster_ssl_verify: bool(false),
      ...(modern ? keepalive() : {}),
    },
    ['redis_cluster_nodes', 'redis_cluster_name'],
  );
}

function sentinelBranch(): Schema {
  return branch(
    {
      redis_sentinels: arr(
        obj(
          { host: str({ minLength: 2 }), port: int({ minimum: 1, maximum: 65535 }) },
          ['host', 'port'],
          {
            additionalProperties: false,
          },
        ),
        { minItems: 1 },
      ),
      redis_master_name: str({ minLength: 1 }),
      redis_role: oneOfStr(['master', 'slave'], 'master'),
      redis_username: str({ minLength: 1 }),
      redis_password: str({ minLength: 0 }),
      sentinel_username: str({ minLength: 1 }),
      sentinel_password: str({ minLength: 0 }),
      redis_database: int({ minimum: 0, default: 0 }),
      redis_connect_timeout: int({ minimum: 1, default: 1000 }),
      redis_read_timeout: int({ minimum: 1, default: 1000 }),
      redis_keepalive_timeout: int({ minimum: 1, default: 60000 }),
    },
    ['redis_sentinels', 'redis_master_name'],
  );
}

function baseProperties(modern: boolean): Record<string, Schema> {
  const policies = modern
    ? ['local', 'redis', 'redis-cluster', 'redis-sentinel']
    : ['local', 'redis', 'redis-cluster'];
  return {
    count: positive(modern),
    time_window: positive(modern),
    group: str(),
    key: strDef('remote_addr'),
    key_type: oneOfStr(['var', 'var_combination', 'constant'], 'var'),
    rejected_code: rejectedCode(503),
    rejected_msg: str({ minLength: 1 }),
    policy: oneOfStr(policies, 'local'),
    allow_degradation: bool(false),
    show_limit_quota_header: bool(true),
  };
}

const limitCount: PluginFactory = (version) => {
  const modern = atLeast(version, '3.14.0');
  const ifRedis = { properties: { policy: { enum: ['redis'] } } };
  const ifCluster = { properties: { policy: { enum: ['redis-cluster'] } } };
  if (!modern) {
    const schema = obj(baseProperties(false), ['count', 'time_window'], {
      ...conditional(ifRedis, redisBranch(false), conditional(ifCluster, clusterBranch(false))),
    });
    return { name: 'limit-count', priority: 1002, schema };
  }
  const rule = obj(
    {
      count: positive(true),
      time_window: positive(true),
      key: str(),
      header_prefix: str({ description: 'prefix for rate limit headers' }),
    },
    ['count', 'time_window', 'key'],
  );
  const properties = {
    ...baseProperties(true),
    rules: arr(rule),
    sync_interval: num({ default: -1 }),
    window_type: oneOfStr(['fixed', 'sliding'], 'fixed'),
  };
  const schema = obj(properties, undefined, {
    oneOf: [{ required: ['count', 'time_window'] }, { required: ['rules'] }],
    ...conditional(
      ifRedis,
      redisBranch(true),
      conditional(
        ifCluster,
        clusterBranch(true),
        conditional({ properties: { policy: { enum: ['redis-sentinel'] } } }, sentinelBranch()),
      ),
    ),
    encrypt_fields: ['redis_password', 'sentinel_password'],
  });
  return { name: 'limit-count', priority: 1002, schema };
};

export { limitCount };
