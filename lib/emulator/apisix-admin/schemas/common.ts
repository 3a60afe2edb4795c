/** Schema fragments shared by the core resource schemas (`apisix/schema_def.lua` shapes). */
import type { Schema } from '../jsonschema.js';
import { atLeast } from '../version.js';

const ID_SCHEMA: Schema = {
  anyOf: [
    { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9-_.]+$' },
    { type: 'integer', minimum: 1 },
  ],
};

const LABELS: Schema = {
  description: 'key/value pairs to specify attributes',
  type: 'object',
  patternProperties: {
    '.*': {
      description: 'value of label',
      type: 'string',
      pattern: '^\\S+$',
      maxLength: 256,
      minLength: 1,
    },
  },
};

const TIMESTAMP: Schema = { type: 'integer' };
const DESC: Schema = { type: 'string', maxLength: 256 };
const HTTP_METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
  'OPTIONS',
  'CONNECT',
  'TRACE',
  'PURGE',
];

function hostPattern(version: string): string {
  return atLeast(version, '3.14.0')
    ? '^\\*$|^\\*?[0-9a-zA-Z-._\\[\\]:]+$'
    : '^\\*?[0-9a-zA-Z-._\\[\\]:]+$';
}

function hostDef(version: string): Schema {
  return { type: 'string', pattern: hostPattern(version) };
}

function nameDef(version: string): Schema {
  return { type: 'string', minLength: 1, maxLength: atLeast(version, '3.14.0') ? 256 : 100 };
}

const TIMEOUT: Schema = {
  type: 'object',
  properties: {
    connect: { type: 'number', exclusiveMinimum: 0 },
    send: { type: 'number', exclusiveMinimum: 0 },
    read: { type: 'number', exclusiveMinimum: 0 },
  },
  required: ['connect', 'send', 'read'],
};

const IPV4_CIDR =
  '^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])/([12]?[0-9]|3[0-2])$';
const IPV6_CIDR =
  '^([a-fA-F0-9]{0,4}:){1,8}(:[a-fA-F0-9]{0,4}){0,8}([a-fA-F0-9]{0,4})?/[0-9]{1,3}$';

const REMOTE_ADDR: Schema = {
  description: 'client IP',
  type: 'string',
  anyOf: [
    { title: 'IPv4', type: 'string', format: 'ipv4' },
    { title: 'IPv4/CIDR', type: 'string', pattern: IPV4_CIDR },
    { title: 'IPv6', type: 'string', format: 'ipv6' },
    { title: 'IPv6/CIDR', type: 'string', pattern: IPV6_CIDR },
  ],
};

function statuses(defaults: number[]): Schema {
  return {
    type: 'array',
    minItems: 1,
    items: { type: 'integer', minimum: 200, maximum: 599 },
    uniqueItems: true,
    default: defaults,
  };
}

function counter(def: number, min: number): Schema {
  return { type: 'integer', minimum: min, maximum: 254, default: def };
}

export {
  counter,
  DESC,
  HTTP_METHODS,
  hostDef,
  hostPattern,
  ID_SCHEMA,
  LABELS,
  nameDef,
  REMOTE_ADDR,
  statuses,
  TIMEOUT,
  TIMESTAMP,
};
