/** Plugin configuration checks (`apisix/plugin.lua check_schema`) and the 3.18 duplicate-key check. */
import { authKeysOf, type KeyHolder } from './auth-keys.js';
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

interface Owner {
  username: string;
  credentialId?: string;
}

/** Still stored, and (for a credential) its consumer too: what a scan of the store would meet. */
function live(ctx: Ctx, holder: KeyHolder): boolean {
  if (holder.credentialId !== undefined && !ctx.store.get(holder.dir, holder.key)) return false;
  const consumer = ctx.store.get('consumers', consumerKey(holder));
  return isObject(consumer?.value) && String(consumer.value.username) === holder.username;
}

function consumerKey(holder: KeyHolder): string {
  return holder.credentialId === undefined ? holder.key : `/apisix/consumers/${holder.username}`;
}

/** APISIX's scan order: consumers by key, each before its own credentials (by key). */
function before(a: KeyHolder, b: KeyHolder): boolean {
  const ca = consumerKey(a);
  const cb = consumerKey(b);
  if (ca !== cb) return ca < cb;
  if (a.credentialId === undefined || b.credentialId === undefined)
    return a.credentialId === undefined;
  return a.key < b.key;
}

/**
 * 3.18's `check_duplicate_key`: an auth key may belong to one consumer or credential only. The
 * writer itself is exempt: a consumer with all its credentials, a credential only itself. The
 * holder reported is the first a scan of the store in key order would meet.
 *
 * @example
 * ```ts
 * duplicateKey(ctx, { 'key-auth': { key: 'k1' } }, { username: 'case_b' });
 * // 'duplicate key of plugin key-auth found with consumer: case_a'
 * ```
 */
function duplicateKey(ctx: Ctx, plugins: Json | undefined, owner: Owner): string | undefined {
  const wanted = ctx.authKeys ? authKeysOf(plugins, (v) => v) : [];
  if (!ctx.authKeys || wanted.length === 0) return undefined;
  let first: KeyHolder | undefined;
  for (const holder of ctx.authKeys.holders(wanted)) {
    const self =
      holder.username === owner.username &&
      (owner.credentialId === undefined || holder.credentialId === owner.credentialId);
    if (self || !live(ctx, holder)) continue;
    if (!first || before(holder, first)) first = holder;
  }
  if (!first) return undefined;
  const [name] = first.keys.find(([n, v]) => wanted.some(([w, k]) => w === n && k === v)) ?? [];
  return first.credentialId === undefined
    ? `duplicate key of plugin ${name} found with consumer: ${first.username}`
    : `duplicate key of plugin ${name} found with credential: ${first.credentialId} of consumer: ${first.username}`;
}

export type { PluginScope };
export { checkPlugins, duplicateKey };
