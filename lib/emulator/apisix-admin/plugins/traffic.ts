/** Traffic, transformation and security plugins. */
import { HTTP_METHODS, ID_SCHEMA, REMOTE_ADDR } from '../schemas/common.js';
import { arr, bool, int, num, obj, oneOfStr, rejectedCode, str, strDef } from './helpers.js';
import type { PluginFactory } from './types.js';

const limitReq: PluginFactory = () => ({
  name: 'limit-req',
  priority: 1001,
  schema: obj(
    {
      rate: num({ exclusiveMinimum: 0 }),
      burst: num({ minimum: 0 }),
      key: str(),
      key_type: oneOfStr(['var', 'var_combination'], 'var'),
      policy: oneOfStr(['local', 'redis', 'redis-cluster'], 'local'),
      rejected_code: rejectedCode(503),
      rejected_msg: str({ minLength: 1 }),
      nodelay: bool(false),
      allow_degradation: bool(false),
    },
    ['rate', 'burst', 'key'],
  ),
});

const limitConn: PluginFactory = () => ({
  name: 'limit-conn',
  priority: 1003,
  schema: obj(
    {
      conn: int({ exclusiveMinimum: 0 }),
      burst: int({ minimum: 0 }),
      default_conn_delay: num({ exclusiveMinimum: 0 }),
      only_use_default_delay: bool(false),
      key: str(),
      key_type: oneOfStr(['var', 'var_combination'], 'var'),
      rejected_code: rejectedCode(503),
      rejected_msg: str({ minLength: 1 }),
      allow_degradation: bool(false),
    },
    ['conn', 'burst', 'default_conn_delay', 'key'],
  ),
});

const cors: PluginFactory = () => ({
  name: 'cors',
  priority: 4000,
  schema: obj({
    allow_origins: strDef('*'),
    allow_methods: strDef('*'),
    allow_headers: strDef('*'),
    expose_headers: str(),
    max_age: int({ default: 5 }),
    allow_credential: bool(false),
    allow_origins_by_regex: arr(str(), { minItems: 1, uniqueItems: true }),
    allow_origins_by_metadata: arr(str({ maxLength: 4096, minLength: 1 }), {
      minItems: 1,
      uniqueItems: true,
    }),
    timing_allow_origins: str(),
    timing_allow_origins_by_regex: arr(str(), { minItems: 1, uniqueItems: true }),
  }),
  metadataSchema: obj({ allow_origins: { type: 'object' } }),
});

const proxyRewrite: PluginFactory = () => ({
  name: 'proxy-rewrite',
  priority: 1008,
  schema: obj(
    {
      uri: str({ minLength: 1, maxLength: 4096, pattern: '^\\/.*' }),
      method: oneOfStr([...HTTP_METHODS, 'MKCOL', 'COPY', 'MOVE', 'PROPFIND', 'LOCK', 'UNLOCK']),
      regex_uri: arr(str(), { minItems: 2 }),
      host: str({ pattern: '^[0-9a-zA-Z-.]+(:\\d{1,5})?$' }),
      headers: { type: 'object' },
      use_real_request_uri_unsafe: bool(false),
    },
    undefined,
    { minProperties: 1 },
  ),
});

const responseRewrite: PluginFactory = () => ({
  name: 'response-rewrite',
  priority: 899,
  schema: obj({
    headers: { type: 'object' },
    body: str(),
    body_base64: bool(false),
    status_code: int({ minimum: 200, maximum: 598 }),
    vars: { type: 'array' },
    filters: arr(
      obj({
        regex: str({ minLength: 1 }),
        scope: oneOfStr(['once', 'global'], 'once'),
        replace: str(),
      }),
    ),
  }),
});

const ipRestriction: PluginFactory = () => ({
  name: 'ip-restriction',
  priority: 3000,
  stream: true,
  schema: obj(
    {
      message: str({ minLength: 1, maxLength: 1024, default: 'Your IP address is not allowed' }),
      response_code: int({ minimum: 403, maximum: 404, default: 403 }),
      whitelist: arr(REMOTE_ADDR, { minItems: 1 }),
      blacklist: arr(REMOTE_ADDR, { minItems: 1 }),
    },
    undefined,
    { oneOf: [{ required: ['whitelist'] }, { required: ['blacklist'] }] },
  ),
});

const redirect: PluginFactory = () => ({
  name: 'redirect',
  priority: 900,
  schema: obj(
    {
      ret_code: int({ minimum: 200, default: 302 }),
      uri: str({
        minLength: 2,
        pattern:
          '(\\\\\\$[0-9a-zA-Z_]+)|\\$\\{([0-9a-zA-Z_]+)\\}|\\$([0-9a-zA-Z_]+)|(\\$|[^$\\\\]+)',
      }),
      regex_uri: arr(str(), { minItems: 2, maxItems: 2 }),
      http_to_https: bool(),
      encode_uri: bool(false),
      append_query_string: bool(false),
    },
    undefined,
    {
      oneOf: [{ required: ['uri'] }, { required: ['regex_uri'] }, { required: ['http_to_https'] }],
    },
  ),
});

const echo: PluginFactory = () => ({
  name: 'echo',
  priority: 412,
  schema: obj(
    {
      before_body: str(),
      body: str(),
      after_body: str(),
      headers: { type: 'object', minProperties: 1 },
    },
    undefined,
    {
      anyOf: [{ required: ['before_body'] }, { required: ['body'] }, { required: ['after_body'] }],
      minProperties: 1,
    },
  ),
});

const weighted = obj({
  upstream_id: ID_SCHEMA,
  upstream: { type: 'object' },
  weight: int({ minimum: 0, default: 1 }),
});
const trafficSplit: PluginFactory = () => ({
  name: 'traffic-split',
  priority: 966,
  schema: obj({
    rules: arr(
      obj({
        match: arr(obj({ vars: { type: 'array' } })),
        weighted_upstreams: arr(weighted, { minItems: 1 }),
      }),
    ),
  }),
});

const realIp: PluginFactory = () => ({
  name: 'real-ip',
  priority: 23000,
  schema: obj(
    {
      source: str({ minLength: 1 }),
      trusted_addresses: arr(REMOTE_ADDR, { minItems: 1 }),
      recursive: bool(false),
    },
    ['source'],
  ),
});

const faultInjection: PluginFactory = () => ({
  name: 'fault-injection',
  priority: 11000,
  schema: obj(
    {
      abort: obj(
        {
          http_status: int({ minimum: 200 }),
          body: str({ minLength: 0 }),
          headers: { type: 'object' },
          percentage: int({ minimum: 0, maximum: 100 }),
          vars: { type: 'array' },
        },
        ['http_status'],
      ),
      delay: obj(
        {
          duration: num({ minimum: 0 }),
          percentage: int({ minimum: 0, maximum: 100 }),
          vars: { type: 'array' },
        },
        ['duration'],
      ),
    },
    undefined,
    { minProperties: 1 },
  ),
});

const TRAFFIC_PLUGINS = [
  limitReq,
  limitConn,
  cors,
  proxyRewrite,
  responseRewrite,
  ipRestriction,
  redirect,
  echo,
  trafficSplit,
  realIp,
  faultInjection,
];

export { TRAFFIC_PLUGINS };
