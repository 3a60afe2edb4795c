/** Plugin configuration checks (`apisix/plugin.lua check_schema`) and the 3.18 duplicate-key check. */
import type { Ctx } from './context.js';
import { isObject } from './json.js';
import { validate } from './jsonschema.js';
import type { Json } from './types.js';
import { atLeast } from './version.js';

type PluginScope = 'http' | 'consumer' | 'stream';

/**
 * Checks every plugin of `plugins`; returns APISIX's message for the first failure.
 * Defaults are injected into `plugins` (callers pass a copy on 3.14+).
 *
 * @example
 * ```ts
 * checkPlugins(ctx, { 'no-such-plugin': {} }, 'http'); // 'unknown plugin [no-such-plugin]'
 * ```
 */
function checkPlugins(ctx: Ctx, plugins: Json | undefined, scope: PluginScope): string | undefined {
  if (!isObject(plugins)) return undefined;
  for (const [name, conf] of Object.entries(plugins)) {
    const def = ctx.registry.get(name);
    if (!def || (scope === 'stream' && !ctx.registry.streamNames.includes(name)))
      return `unknown plugin [${name}]`;
    if (!isObject(conf)) return `invalid plugin conf ${JSON.stringify(conf)} for plugin [${name}]`;
    const meta = conf._meta;
    const disabled = isObject(meta) && meta.disable === true;
    const schema =
      scope === 'consumer' && def.consumerSchema ? def.consumerSchema : ctx.registry.published(def);
    const err = validate(schema, conf, true);
    // 3.18 accepts an invalid configuration when the plugin is disabled through `_meta`.
    if (err && !(disabled && atLeast(ctx.version, '3.18.0'))) {
      return scope === 'stream'
        ? `failed to check the configuration of stream plugin [${name}]: ${err}`
        : `failed to check the configuration of plugin ${name} err: ${err}`;
    }
  }
  return undefined;
}

const KEY_FIELDS: Record<string, string> = {
  'key-auth': 'key',
  'basic-auth': 'username',
  'jwt-auth': 'key',
  'hmac-auth': 'key_id',
  'ldap-auth': 'user_dn',
  'ldap-auth-advanced': 'user_dn',
};

interface Owner {
  username: string;
  credentialId?: string;
}

function keysOf(
  plugins: Json | undefined,
  decrypt: (v: string) => string,
): Array<[string, string]> {
  if (!isObject(plugins)) return [];
  const out: Array<[string, string]> = [];
  for (const [name, field] of Object.entries(KEY_FIELDS)) {
    const conf = plugins[name];
    const value = isObject(conf) ? conf[field] : undefined;
    if (typeof value === 'string') out.push([name, decrypt(value)]);
  }
  return out;
}

/**
 * 3.18's `check_duplicate_key`: an auth key may belong to one consumer or credential only.
 *
 * @example
 * ```ts
 * duplicateKey(ctx, plugins, { username: 'case_b' }, decryptField);
 * ```
 */
function duplicateKey(
  ctx: Ctx,
  plugins: Json | undefined,
  owner: Owner,
  decrypt: (v: string) => string,
): string | undefined {
  const wanted = keysOf(plugins, (v) => v);
  if (wanted.length === 0) return undefined;
  for (const consumer of ctx.store.list('consumers') ?? []) {
    if (!isObject(consumer.value)) continue;
    const username = String(consumer.value.username);
    const self = username === owner.username;
    const candidates: Array<[string | undefined, Json | undefined]> = [];
    if (!(self && owner.credentialId === undefined))
      candidates.push([undefined, consumer.value.plugins]);
    if (!self || owner.credentialId !== undefined) {
      for (const cred of ctx.store.list(`consumers/${username}/credentials`) ?? []) {
        const credId = isObject(cred.value) ? String(cred.value.id) : '';
        if (self && (owner.credentialId === undefined || credId === owner.credentialId)) continue;
        candidates.push([credId, isObject(cred.value) ? cred.value.plugins : undefined]);
      }
    }
    for (const [credId, other] of candidates) {
      for (const [name, value] of keysOf(other, decrypt)) {
        if (!wanted.some(([n, v]) => n === name && v === value)) continue;
        return credId === undefined
          ? `duplicate key of plugin ${name} found with consumer: ${username}`
          : `duplicate key of plugin ${name} found with credential: ${credId} of consumer: ${username}`;
      }
    }
  }
  return undefined;
}

export type { PluginScope };
export { checkPlugins, duplicateKey };
