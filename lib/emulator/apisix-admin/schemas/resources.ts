/** Schemas of the other core resources (ssl, consumer, credential, rules, groups, protos, …). */
import { conditional, type Schema } from '../jsonschema.js';
import { atLeast } from '../version.js';
import {
  DESC,
  hostDef,
  hostPattern,
  ID_SCHEMA,
  LABELS,
  nameDef,
  REMOTE_ADDR,
  TIMESTAMP,
} from './common.js';
import { upstreamSchema } from './upstream.js';

const SECRET_REF = { type: 'string', pattern: '^\\$(secret|env)://' } satisfies Schema;

function pem(min: number): Schema {
  return { anyOf: [{ type: 'string', minLength: min, maxLength: 65536 }, SECRET_REF] };
}

function sslSchema(version: string): Schema {
  return {
    type: 'object',
    properties: {
      id: ID_SCHEMA,
      type: {
        description: 'ssl certificate type',
        type: 'string',
        enum: ['server', 'client'],
        default: 'server',
      },
      cert: pem(128),
      key: pem(atLeast(version, '3.14.0') ? 64 : 128),
      sni: { type: 'string', pattern: hostPattern(version) },
      snis: {
        type: 'array',
        items: { type: 'string', pattern: hostPattern(version) },
        minItems: 1,
      },
      certs: { type: 'array', items: pem(128) },
      keys: { type: 'array', items: pem(64) },
      client: {
        type: 'object',
        properties: {
          ca: pem(128),
          depth: { type: 'integer', minimum: 0, default: 1 },
          skip_mtls_uri_regex: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string' },
          },
        },
        required: ['ca'],
      },
      status: {
        description: 'ssl status, 1 to enable, 0 to disable',
        type: 'integer',
        enum: [1, 0],
        default: 1,
      },
      ssl_protocols: {
        description: 'set ssl protocols',
        type: 'array',
        maxItems: 3,
        uniqueItems: true,
        items: { enum: ['TLSv1.1', 'TLSv1.2', 'TLSv1.3'] },
      },
      validity_end: { type: 'integer' },
      validity_start: { type: 'integer' },
      labels: LABELS,
      create_time: TIMESTAMP,
      update_time: TIMESTAMP,
    },
    ...conditional(
      { properties: { type: { enum: ['server'] } } },
      { oneOf: [{ required: ['sni', 'key', 'cert'] }, { required: ['snis', 'key', 'cert'] }] },
      { required: ['key', 'cert'] },
    ),
    additionalProperties: false,
  };
}

function consumerSchema(version: string): Schema {
  const pattern = atLeast(version, '3.13.0') ? '^[a-zA-Z0-9_\\-]+$' : '^[a-zA-Z0-9_]+$';
  return {
    type: 'object',
    properties: {
      id: ID_SCHEMA,
      username: { type: 'string', minLength: 1, maxLength: 256, pattern },
      group_id: ID_SCHEMA,
      plugins: { type: 'object' },
      labels: LABELS,
      create_time: TIMESTAMP,
      update_time: TIMESTAMP,
      desc: DESC,
    },
    required: ['username'],
    additionalProperties: false,
  };
}

function withPlugins(version: string, required: string[]): Schema {
  return {
    type: 'object',
    properties: {
      id: ID_SCHEMA,
      name: nameDef(version),
      desc: DESC,
      labels: LABELS,
      plugins: { type: 'object' },
      create_time: TIMESTAMP,
      update_time: TIMESTAMP,
    },
    required,
    additionalProperties: false,
  };
}

function credentialSchema(version: string): Schema {
  const schema = withPlugins(version, []);
  schema.required = undefined;
  if (schema.properties) schema.properties.plugins = { type: 'object', maxProperties: 1 };
  return JSON.parse(JSON.stringify(schema)) as Schema;
}

function protoSchema(version: string): Schema {
  const schema = withPlugins(version, ['content']);
  if (schema.properties) {
    schema.properties.plugins = undefined as unknown as Schema;
    schema.properties.content = { type: 'string', minLength: 1, maxLength: 1024 * 1024 };
  }
  return JSON.parse(JSON.stringify(schema)) as Schema;
}

function streamRouteSchema(version: string): Schema {
  return {
    type: 'object',
    properties: {
      id: ID_SCHEMA,
      name: nameDef(version),
      desc: DESC,
      labels: LABELS,
      create_time: TIMESTAMP,
      update_time: TIMESTAMP,
      remote_addr: REMOTE_ADDR,
      server_addr: { description: 'server IP', type: 'string', anyOf: REMOTE_ADDR.anyOf },
      server_port: { description: 'server port', type: 'integer' },
      sni: {
        description: 'server name indication',
        type: 'string',
        pattern: hostDef(version).pattern,
      },
      upstream: upstreamSchema(version),
      upstream_id: ID_SCHEMA,
      service_id: ID_SCHEMA,
      plugins: { type: 'object' },
      protocol: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          superior_id: ID_SCHEMA,
          conf: { type: 'object' },
          logger: { type: 'array' },
        },
        required: ['name'],
      },
    },
    additionalProperties: false,
  };
}

const SECRET_SCHEMAS: Record<string, Schema> = {
  vault: {
    type: 'object',
    properties: {
      uri: {
        type: 'string',
        pattern: '^[^\\/]+:\\/\\/([\\da-zA-Z.-]+|\\[[\\da-fA-F:]+\\])(:\\d+)?',
      },
      prefix: { type: 'string' },
      token: { type: 'string' },
      namespace: { type: 'string' },
    },
    required: ['uri', 'prefix', 'token'],
  },
  aws: {
    type: 'object',
    properties: {
      access_key_id: { type: 'string' },
      secret_access_key: { type: 'string' },
      session_token: { type: 'string' },
      region: { type: 'string', default: 'us-east-1' },
      endpoint_url: { type: 'string' },
    },
    required: ['access_key_id', 'secret_access_key'],
  },
  gcp: {
    type: 'object',
    properties: {
      auth_config: { type: 'object' },
      auth_file: { type: 'string' },
      ssl_verify: { type: 'boolean', default: true },
    },
    oneOf: [{ required: ['auth_config'] }, { required: ['auth_file'] }],
  },
};

export {
  consumerSchema,
  credentialSchema,
  protoSchema,
  SECRET_SCHEMAS,
  sslSchema,
  streamRouteSchema,
  withPlugins,
};
