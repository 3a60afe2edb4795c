/**
 * Per-resource checkers (the `checker` of each `apisix/admin/<res>.lua`): schema, plugins,
 * references and the special rules, in APISIX's order. Each returns the `error_msg` or undefined.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { Ctx } from './context.js';
import { isObject } from './json.js';
import { validate } from './jsonschema.js';
import { checkPlugins } from './plugin-check.js';
import { clientCertRef, lookup, missingRef } from './refs.js';
import { SECRET_SCHEMAS } from './schemas/resources.js';
import type { JsonObject } from './types.js';
import { atLeast } from './version.js';

interface CheckInput {
  conf: JsonObject;
  checkRefs: boolean;
  /** The secret manager (`vault`) for secrets. */
  manager?: string;
  /** The username from the URL of a consumer PUT. */
  username?: string;
}

type Checker = (ctx: Ctx, input: CheckInput) => string | undefined;

function schemaError(ctx: Ctx, name: string, conf: JsonObject): string | undefined {
  const schema = ctx.schemas[name];
  const err = schema ? validate(schema, conf, true) : undefined;
  return err ? `invalid configuration: ${err}` : undefined;
}

/** `check_upstream_conf`: chash needs a key; a client certificate must exist. */
function upstreamRules(ctx: Ctx, upstream: unknown, checkRefs: boolean): string | undefined {
  if (!isObject(upstream)) return undefined;
  if (upstream.type === 'chash' && upstream.hash_on !== 'consumer' && upstream.key === undefined)
    return 'missing key';
  return checkRefs ? clientCertRef(ctx, upstream) : undefined;
}

const checkRoute: Checker = (ctx, { conf, checkRefs }) =>
  schemaError(ctx, 'route', conf) ??
  upstreamRules(ctx, conf.upstream, checkRefs) ??
  (checkRefs ? missingRef(ctx, 'upstreams', conf.upstream_id) : undefined) ??
  (checkRefs ? missingRef(ctx, 'services', conf.service_id) : undefined) ??
  (checkRefs ? missingRef(ctx, 'plugin_configs', conf.plugin_config_id) : undefined) ??
  checkPlugins(ctx, conf.plugins, 'http');

const checkService: Checker = (ctx, { conf, checkRefs }) =>
  schemaError(ctx, 'service', conf) ??
  upstreamRules(ctx, conf.upstream, checkRefs) ??
  (checkRefs ? missingRef(ctx, 'upstreams', conf.upstream_id) : undefined) ??
  checkPlugins(ctx, conf.plugins, 'http');

const checkUpstream: Checker = (ctx, { conf, checkRefs }) =>
  schemaError(ctx, 'upstream', conf) ?? upstreamRules(ctx, conf, checkRefs);

function pemError(conf: JsonObject): string | undefined {
  const certs = [conf.cert, ...(Array.isArray(conf.certs) ? conf.certs : [])];
  const keys = [conf.key, ...(Array.isArray(conf.keys) ? conf.keys : [])];
  if (certs.length !== keys.length) return 'mismatched number of certs and keys';
  const isRef = (v: unknown) => typeof v === 'string' && /^\$(secret|env):\/\//.test(v);
  for (const cert of certs) {
    if (typeof cert !== 'string' || isRef(cert)) continue;
    try {
      new X509Certificate(cert);
    } catch {
      return 'failed to parse cert: PEM_read_bio_X509_AUX() failed';
    }
  }
  for (const key of keys) {
    if (typeof key !== 'string' || isRef(key)) continue;
    try {
      createPrivateKey(key);
    } catch {
      return 'failed to parse key: PEM_read_bio_PrivateKey() failed';
    }
  }
  return undefined;
}

const checkSsl: Checker = (ctx, { conf }) => schemaError(ctx, 'ssl', conf) ?? pemError(conf);

const checkConsumer: Checker = (ctx, { conf, checkRefs, username }) => {
  const err = schemaError(ctx, 'consumer', conf);
  if (err) return err;
  if (username !== undefined && username !== conf.username) return 'wrong username';
  const pluginErr = checkPlugins(ctx, conf.plugins, 'consumer');
  if (pluginErr) return `invalid plugins configuration: ${pluginErr}`;
  if (checkRefs && conf.group_id !== undefined && !lookup(ctx, 'consumer_groups', conf.group_id)) {
    return `failed to fetch consumer group info by consumer group id [${String(conf.group_id)}], response code: 404`;
  }
  return undefined;
};

const checkCredential: Checker = (ctx, { conf }) => {
  const err = schemaError(ctx, 'credential', conf);
  if (err) return err;
  const pluginErr = checkPlugins(ctx, conf.plugins, 'consumer');
  if (pluginErr) return `invalid plugins configuration: ${pluginErr}`;
  for (const name of Object.keys(isObject(conf.plugins) ? conf.plugins : {})) {
    if (!ctx.registry.get(name)?.auth)
      return 'only supports auth type plugins in consumer credential';
  }
  return undefined;
};

function pluginsResource(schemaName: string): Checker {
  return (ctx, { conf }) =>
    schemaError(ctx, schemaName, conf) ?? checkPlugins(ctx, conf.plugins, 'http');
}

const checkGlobalRule: Checker = (ctx, input) => {
  const err = pluginsResource('global_rule')(ctx, input);
  if (err || !atLeast(ctx.version, '3.15.0') || !isObject(input.conf.plugins)) return err;
  for (const entry of ctx.store.list('global_rules') ?? []) {
    if (!isObject(entry.value) || String(entry.value.id) === String(input.conf.id)) continue;
    const other = entry.value.plugins;
    const clash = Object.keys(input.conf.plugins).find(
      (name) => isObject(other) && other[name] !== undefined,
    );
    if (clash)
      return `plugin '${clash}' already exists in global rule with id '${String(entry.value.id)}'`;
  }
  return undefined;
};

/** A token-level sanity check standing in for the protobuf compiler. */
function protoError(content: string): string | undefined {
  const decl = /\b(message|service|enum)\s+([^\s{]*)\s*\{/g;
  for (const match of content.matchAll(decl)) {
    if (!/^[A-Za-z_]\w*$/.test(match[2] ?? '')) return `${match[1] ?? 'message'} name expected`;
  }
  const opens = content.split('{').length;
  if (opens !== content.split('}').length) return 'unbalanced braces';
  if (/\b(message|service|enum)\s*\{/.test(content)) return 'message name expected';
  return undefined;
}

const checkProto: Checker = (ctx, { conf }) => {
  const err = schemaError(ctx, 'proto', conf);
  if (err || typeof conf.content !== 'string') return err;
  const compileErr = protoError(conf.content);
  return compileErr ? `invalid content: ${compileErr}` : undefined;
};

const checkStreamRoute: Checker = (ctx, { conf, checkRefs }) => {
  const err =
    schemaError(ctx, 'stream_route', conf) ??
    upstreamRules(ctx, conf.upstream, checkRefs) ??
    (checkRefs ? missingRef(ctx, 'upstreams', conf.upstream_id) : undefined) ??
    (checkRefs ? missingRef(ctx, 'services', conf.service_id) : undefined);
  if (err) return err;
  const superior = isObject(conf.protocol) ? conf.protocol.superior_id : undefined;
  if (checkRefs && superior !== undefined) {
    if (String(superior) === String(conf.id))
      return 'stream route can not set itself as superior_id';
    const parent = lookup(ctx, 'stream_routes', superior);
    if (!parent) return `failed to fetch stream routes[${String(superior)}], response code: 404`;
    const mine = isObject(conf.protocol) ? conf.protocol.name : undefined;
    const theirs = isObject(parent.protocol) ? parent.protocol.name : undefined;
    if (mine !== theirs) {
      return `protocol mismatch: subordinate protocol [${String(mine)}] does not match superior protocol [${String(theirs)}]`;
    }
  }
  return checkPlugins(ctx, conf.plugins, 'stream');
};

const checkSecret: Checker = (_ctx, { conf, manager }) => {
  const schema = SECRET_SCHEMAS[manager ?? ''];
  if (!schema) return `invalid secret manager: ${manager ?? ''}`;
  const { id: _id, create_time: _c, update_time: _u, ...rest } = conf;
  const err = validate(schema, rest, true);
  return err ? `invalid configuration: ${err}` : undefined;
};

const CHECKERS: Record<string, Checker> = {
  routes: checkRoute,
  services: checkService,
  upstreams: checkUpstream,
  ssls: checkSsl,
  consumers: checkConsumer,
  credentials: checkCredential,
  global_rules: checkGlobalRule,
  plugin_configs: pluginsResource('plugin_config'),
  consumer_groups: pluginsResource('consumer_group'),
  protos: checkProto,
  stream_routes: checkStreamRoute,
  secrets: checkSecret,
};

export type { Checker, CheckInput };
export { CHECKERS };
