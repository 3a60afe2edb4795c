/** The upstream schema (inline in routes/services and standalone), per version. */
import type { Schema } from '../jsonschema.js';
import { atLeast } from '../version.js';
import {
  counter,
  DESC,
  HTTP_METHODS,
  hostDef,
  ID_SCHEMA,
  LABELS,
  nameDef,
  statuses,
  TIMEOUT,
  TIMESTAMP,
} from './common.js';

const CHECK_TYPE: Schema = { type: 'string', enum: ['http', 'https', 'tcp'], default: 'http' };

function activeCheck(version: string): Schema {
  const properties: Record<string, Schema> = {
    type: CHECK_TYPE,
    timeout: { type: 'number', default: 1 },
    concurrency: { type: 'integer', default: 10 },
    host: hostDef(version),
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    http_path: { type: 'string', default: '/' },
    https_verify_certificate: { type: 'boolean', default: true },
    healthy: {
      type: 'object',
      properties: {
        interval: { type: 'integer', minimum: 1, default: 1 },
        http_statuses: statuses([200, 302]),
        successes: counter(2, 1),
      },
    },
    unhealthy: {
      type: 'object',
      properties: {
        interval: { type: 'integer', minimum: 1, default: 1 },
        http_statuses: statuses([429, 404, 500, 501, 502, 503, 504, 505]),
        http_failures: counter(5, 1),
        tcp_failures: counter(2, 1),
        timeouts: counter(3, 1),
      },
    },
    req_headers: { type: 'array', minItems: 1, items: { type: 'string', uniqueItems: true } },
  };
  if (atLeast(version, '3.14.0')) {
    properties.http_method = { type: 'string', enum: HTTP_METHODS, default: 'GET' };
    properties.http_req_body = { type: 'string', default: '' };
  }
  return { type: 'object', properties };
}

const PASSIVE_CHECK: Schema = {
  type: 'object',
  properties: {
    type: CHECK_TYPE,
    healthy: {
      type: 'object',
      properties: {
        http_statuses: statuses([
          200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307,
          308,
        ]),
        successes: counter(5, 0),
      },
    },
    unhealthy: {
      type: 'object',
      properties: {
        http_statuses: statuses([429, 500, 503]),
        tcp_failures: counter(2, 0),
        timeouts: counter(7, 0),
        http_failures: counter(5, 0),
      },
    },
  },
};

function checks(version: string): Schema {
  const schema: Schema = {
    type: 'object',
    properties: { active: activeCheck(version), passive: PASSIVE_CHECK },
    anyOf: [{ required: ['active'] }, { required: ['active', 'passive'] }],
  };
  if (!atLeast(version, '3.14.0')) schema.additionalProperties = false;
  return schema;
}

function nodes(version: string): Schema {
  const node: Schema = {
    type: 'object',
    properties: {
      host: hostDef(version),
      port: { description: 'port of node', type: 'integer', minimum: 1, maximum: 65535 },
      weight: { description: 'weight of node', type: 'integer', minimum: 0 },
      priority: { description: 'priority of node', type: 'integer', default: 0 },
      metadata: { description: 'metadata of node', type: 'object' },
    },
    required: ['host', 'weight'],
  };
  return {
    anyOf: [
      {
        type: 'object',
        patternProperties: { '.*': { description: 'weight of node', type: 'integer', minimum: 0 } },
      },
      { type: 'array', items: node },
    ],
  };
}

function tls(version: string): Schema {
  return {
    type: 'object',
    properties: {
      client_cert_id: ID_SCHEMA,
      client_cert: { type: 'string', minLength: 128, maxLength: 65536 },
      client_key: {
        type: 'string',
        minLength: atLeast(version, '3.14.0') ? 64 : 128,
        maxLength: 65536,
      },
      verify: {
        type: 'boolean',
        description:
          'Turn on server certificate verification, currently only kafka upstream is supported',
        default: false,
      },
    },
    dependencies: {
      client_cert: { required: ['client_key'] },
      client_key: { required: ['client_cert'] },
      client_cert_id: { not: { required: ['client_cert', 'client_key'] } },
    },
  };
}

const SCHEME_DESC =
  'The scheme of the upstream. For L7 proxy, it can be one of grpc/grpcs/http/https. For L4 proxy, it can be one of tcp/tls/udp. For specific protocols, it can be kafka.';

/**
 * The upstream schema of `version`.
 *
 * @example
 * ```ts
 * upstreamSchema('3.13.0').properties?.scheme?.default; // 'http'
 * ```
 */
function upstreamSchema(version: string): Schema {
  return {
    type: 'object',
    properties: {
      create_time: TIMESTAMP,
      update_time: TIMESTAMP,
      nodes: nodes(version),
      service_name: { type: 'string', maxLength: 256, minLength: 1 },
      discovery_type: { description: 'discovery type', type: 'string' },
      discovery_args: {
        type: 'object',
        properties: {
          namespace_id: { description: 'namespace id', type: 'string' },
          group_name: { description: 'group name', type: 'string' },
        },
      },
      retries: { type: 'integer', minimum: 0 },
      retry_timeout: { type: 'number', minimum: 0 },
      timeout: TIMEOUT,
      tls: tls(version),
      keepalive_pool: {
        type: 'object',
        properties: {
          size: { type: 'integer', default: 320, minimum: 1 },
          idle_timeout: { type: 'number', default: 60, minimum: 0 },
          requests: { type: 'integer', default: 1000, minimum: 1 },
        },
      },
      type: { description: 'algorithms of load balancing', type: 'string', default: 'roundrobin' },
      checks: checks(version),
      hash_on: {
        type: 'string',
        default: 'vars',
        enum: ['vars', 'header', 'cookie', 'consumer', 'vars_combinations'],
      },
      key: { description: 'the key of chash for dynamic load balancing', type: 'string' },
      scheme: {
        default: 'http',
        enum: ['grpc', 'grpcs', 'http', 'https', 'tcp', 'tls', 'udp', 'kafka'],
        description: SCHEME_DESC,
      },
      labels: LABELS,
      pass_host: {
        description: 'mod of host passing',
        type: 'string',
        enum: ['pass', 'node', 'rewrite'],
        default: 'pass',
      },
      upstream_host: hostDef(version),
      name: nameDef(version),
      desc: DESC,
      id: ID_SCHEMA,
    },
    oneOf: [{ required: ['nodes'] }, { required: ['service_name', 'discovery_type'] }],
    additionalProperties: false,
  };
}

export { upstreamSchema };
