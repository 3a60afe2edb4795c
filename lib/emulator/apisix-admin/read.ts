/** GET on resources: one key or a list, with decryption and SSL key stripping. */
import type { AdminRequest, Ctx } from './context.js';
import { decryptField, transformPlugins } from './crypto.js';
import { clone, isObject } from './json.js';
import { listReply } from './lists.js';
import { json, nginxPage, type Reply } from './reply.js';
import type { Entry } from './store.js';
import { keyOf, type Target } from './target.js';
import type { Json } from './types.js';
import { atLeast } from './version.js';

/** The value as a GET shows it: plugin fields decrypted (3.10+), SSL keys stripped. */
function shown(ctx: Ctx, target: Target, value: Json, single: boolean): Json {
  if (!isObject(value)) return value;
  const decrypt =
    atLeast(ctx.version, '3.10.0') &&
    target.def.pluginScope !== undefined &&
    hasSecrets(ctx, value.plugins);
  // Listing stays cheap: only values that change on the way out are copied.
  if (!decrypt && target.def.name !== 'ssls') return value;
  const out = clone(value);
  if (decrypt)
    transformPlugins(
      out.plugins,
      ctx.registry,
      target.def.pluginScope === 'consumer',
      decryptField,
    );
  if (target.def.name === 'ssls') {
    // Since 3.17 both are stripped everywhere; before, a single GET dropped only `key`.
    if (single || atLeast(ctx.version, '3.17.0')) delete out.key;
    if (atLeast(ctx.version, '3.17.0')) delete out.keys;
  }
  return out;
}

function hasSecrets(ctx: Ctx, plugins: Json | undefined): boolean {
  if (!isObject(plugins)) return false;
  return Object.keys(plugins).some((name) => {
    const def = ctx.registry.get(name);
    return Boolean(def && (def.schema.encrypt_fields || def.consumerSchema?.encrypt_fields));
  });
}

function render(ctx: Ctx, target: Target, entry: Entry, single: boolean): Json {
  return {
    key: entry.key,
    value: shown(ctx, target, entry.value, single),
    createdIndex: entry.createdIndex,
    modifiedIndex: entry.modifiedIndex,
  };
}

/**
 * GET `/apisix/admin/<res>[/<id>]`.
 *
 * @example
 * ```ts
 * get(ctx, req, parseTarget(RESOURCES.routes, ['routes', 'r1']));
 * ```
 */
function get(ctx: Ctx, req: AdminRequest, target: Target): Reply {
  if (target.id !== undefined) {
    const id = target.def.name === 'secrets' ? `${target.manager ?? ''}/${target.id}` : target.id;
    const entry = ctx.store.get(target.dir, keyOf(target, id));
    if (!entry) {
      // APISIX 3.13 crashes on a GET of unset plugin metadata (fixed by 3.18).
      if (target.def.name === 'plugin_metadata' && !atLeast(ctx.version, '3.14.0'))
        return nginxPage(500);
      return json(404, { message: 'Key not found' }, true);
    }
    return json(200, render(ctx, target, entry, true), true);
  }
  let entries = ctx.store.list(target.dir);
  if (!entries) return json(404, { message: 'Key not found' }, true);
  if (target.def.name === 'secrets' && target.manager) {
    const prefix = `/apisix/secrets/${target.manager}/`;
    entries = entries.filter((e) => e.key.startsWith(prefix));
  }
  return listReply(ctx, target.def.name, entries, req.query, (entry) =>
    render(ctx, target, entry, false),
  );
}

export { get };
