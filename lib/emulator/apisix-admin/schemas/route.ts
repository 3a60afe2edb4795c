/** The route and service schemas, per version. */
import type { Schema } from '../jsonschema.js';
import {
  DESC,
  HTTP_METHODS,
  hostDef,
  ID_SCHEMA,
  LABELS,
  nameDef,
  REMOTE_ADDR,
  TIMEOUT,
  TIMESTAMP,
} from './common.js';
import { upstreamSchema } from './upstream.js';

function oneOrNone(single: string, plural: string): Schema {
  return {
    oneOf: [
      { not: { anyOf: [{ required: [single] }, { required: [plural] }] } },
      { required: [single] },
      { required: [plural] },
    ],
  };
}

function routeAnyOf(): Schema[] {
  const out: Schema[] = [];
  for (const uri of ['uri', 'uris']) {
    for (const with_ of ['plugins', 'upstream', 'upstream_id', 'service_id'])
      out.push({ required: [with_, uri] });
  }
  out.push({ required: ['script', 'uri'] }, { required: ['script', 'uris'] });
  return out;
}

/**
 * The route schema of `version` (as `GET /apisix/admin/schema/route` answers).
 *
 * @example
 * ```ts
 * routeSchema('3.18.0').properties?.priority?.default; // 0
 * ```
 */
function routeSchema(version: string): Schema {
  const host = hostDef(version);
  return {
    type: 'object',
    properties: {
      create_time: TIMESTAMP,
      update_time: TIMESTAMP,
      name: nameDef(version),
      desc: DESC,
      priority: { type: 'integer', default: 0 },
      methods: {
        type: 'array',
        items: { description: 'HTTP method', type: 'string', enum: HTTP_METHODS },
        uniqueItems: true,
      },
      host,
      hosts: { type: 'array', items: host, minItems: 1, uniqueItems: true },
      remote_addr: REMOTE_ADDR,
      remote_addrs: { type: 'array', items: REMOTE_ADDR, minItems: 1, uniqueItems: true },
      vars: { type: 'array' },
      filter_func: { type: 'string', minLength: 10, pattern: '^function' },
      script: { type: 'string', minLength: 10, maxLength: 102400 },
      script_id: ID_SCHEMA,
      plugins: { type: 'object' },
      plugin_config_id: ID_SCHEMA,
      upstream: upstreamSchema(version),
      labels: LABELS,
      service_id: ID_SCHEMA,
      upstream_id: ID_SCHEMA,
      enable_websocket: { description: 'enable websocket for request', type: 'boolean' },
      status: {
        description: 'route status, 1 to enable, 0 to disable',
        type: 'integer',
        enum: [1, 0],
        default: 1,
      },
      timeout: TIMEOUT,
      id: ID_SCHEMA,
      uri: { type: 'string', minLength: 1, maxLength: 4096 },
      uris: {
        type: 'array',
        items: { description: 'HTTP uri', type: 'string' },
        minItems: 1,
        uniqueItems: true,
      },
    },
    allOf: [
      { oneOf: [{ required: ['uri'] }, { required: ['uris'] }] },
      oneOrNone('host', 'hosts'),
      oneOrNone('remote_addr', 'remote_addrs'),
    ],
    anyOf: routeAnyOf(),
    not: {
      anyOf: [{ required: ['script', 'plugins'] }, { required: ['script', 'plugin_config_id'] }],
    },
    additionalProperties: false,
  };
}

/**
 * The service schema of `version`.
 *
 * @example
 * ```ts
 * serviceSchema('3.18.0').required; // undefined: `{}` is a valid service
 * ```
 */
function serviceSchema(version: string): Schema {
  const host = hostDef(version);
  return {
    type: 'object',
    properties: {
      id: ID_SCHEMA,
      name: nameDef(version),
      desc: DESC,
      labels: LABELS,
      plugins: { type: 'object' },
      upstream: upstreamSchema(version),
      upstream_id: ID_SCHEMA,
      script: { type: 'string', minLength: 10, maxLength: 102400 },
      create_time: TIMESTAMP,
      update_time: TIMESTAMP,
      enable_websocket: { description: 'enable websocket for request', type: 'boolean' },
      hosts: { type: 'array', items: host, minItems: 1, uniqueItems: true },
    },
    additionalProperties: false,
  };
}

export { routeSchema, serviceSchema };
