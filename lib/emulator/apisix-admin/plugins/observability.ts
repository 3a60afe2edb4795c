/** Logging, metrics, tracing and AI plugins. */
import { arr, batchFields, bool, int, num, obj, oneOfStr, str, strDef } from './helpers.js';
import type { PluginFactory } from './types.js';

const LOG_FORMAT_METADATA = obj({ log_format: { type: 'object' } });

const prometheus: PluginFactory = () => ({
  name: 'prometheus',
  priority: 500,
  stream: true,
  schema: obj({ prefer_name: bool(false) }),
});

const httpLogger: PluginFactory = () => ({
  name: 'http-logger',
  priority: 410,
  schema: obj(
    {
      uri: str(),
      auth_header: str(),
      timeout: int({ minimum: 1, default: 3 }),
      log_format: { type: 'object' },
      include_req_body: bool(false),
      include_req_body_expr: arr({ type: 'array' }, { minItems: 1 }),
      include_resp_body: bool(false),
      include_resp_body_expr: arr({ type: 'array' }, { minItems: 1 }),
      concat_method: oneOfStr(['json', 'new_line'], 'json'),
      ssl_verify: bool(false),
      ...batchFields('http logger'),
    },
    ['uri'],
  ),
  metadataSchema: LOG_FORMAT_METADATA,
});

const fileLogger: PluginFactory = () => ({
  name: 'file-logger',
  priority: 399,
  schema: obj(
    {
      path: str(),
      log_format: { type: 'object' },
      include_req_body: bool(false),
      include_resp_body: bool(false),
      match: { type: 'array', maxItems: 20 },
    },
    ['path'],
  ),
  metadataSchema: LOG_FORMAT_METADATA,
});

const kafkaLogger: PluginFactory = () => ({
  name: 'kafka-logger',
  priority: 403,
  schema: obj(
    {
      meta_format: oneOfStr(['default', 'origin'], 'default'),
      log_format: { type: 'object' },
      broker_list: { type: 'object' },
      brokers: arr(
        obj({ host: str(), port: int({ minimum: 1, maximum: 65535 }) }, ['host', 'port']),
        { minItems: 1 },
      ),
      kafka_topic: str(),
      producer_type: oneOfStr(['async', 'sync'], 'async'),
      required_acks: { type: 'integer', default: 1, enum: [1, -1] },
      key: str(),
      timeout: int({ minimum: 1, default: 3 }),
      include_req_body: bool(false),
      include_resp_body: bool(false),
      cluster_name: int({ minimum: 1, default: 1 }),
      ...batchFields('kafka logger'),
    },
    ['kafka_topic'],
    { oneOf: [{ required: ['broker_list'] }, { required: ['brokers'] }] },
  ),
  metadataSchema: LOG_FORMAT_METADATA,
});

const requestId: PluginFactory = () => ({
  name: 'request-id',
  priority: 12015,
  schema: obj({
    header_name: strDef('X-Request-Id'),
    include_in_response: bool(true),
    algorithm: oneOfStr(['uuid', 'nanoid', 'range_id'], 'uuid'),
    range_id: {
      ...obj({
        length: int({ minimum: 6, default: 16 }),
        char_set: str({
          minLength: 6,
          default: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
        }),
      }),
      default: {},
    },
  }),
});

const zipkin: PluginFactory = () => ({
  name: 'zipkin',
  priority: 12011,
  schema: obj(
    {
      endpoint: str(),
      sample_ratio: num({ minimum: 0.00001, maximum: 1 }),
      service_name: strDef('APISIX'),
      server_addr: str(),
      span_version: { enum: [1, 2], default: 2 },
    },
    ['endpoint', 'sample_ratio'],
  ),
});

const skywalking: PluginFactory = () => ({
  name: 'skywalking',
  priority: 12010,
  schema: obj({ sample_ratio: num({ minimum: 0.00001, maximum: 1, default: 1 }) }),
  metadataSchema: obj({
    service_name: strDef('APISIX'),
    endpoint_addr: strDef('http://127.0.0.1:12800'),
  }),
});

const aiProxy: PluginFactory = () => ({
  name: 'ai-proxy',
  priority: 1040,
  schema: obj(
    {
      provider: str(),
      auth: obj({ header: { type: 'object' }, query: { type: 'object' } }),
      options: { type: 'object' },
      override: obj({ endpoint: str() }),
      logging: obj({ summaries: bool(false), payloads: bool(false) }),
      timeout: int({ minimum: 1, default: 30000 }),
      keepalive: bool(true),
      keepalive_timeout: int({ minimum: 1000, default: 60000 }),
      keepalive_pool: int({ minimum: 1, default: 30 }),
      ssl_verify: bool(true),
    },
    ['provider', 'auth'],
    { encrypt_fields: ['auth.header', 'auth.query'] },
  ),
});

const OBSERVABILITY_PLUGINS = [
  prometheus,
  httpLogger,
  fileLogger,
  kafkaLogger,
  requestId,
  zipkin,
  skywalking,
  aiProxy,
];

export { OBSERVABILITY_PLUGINS };
