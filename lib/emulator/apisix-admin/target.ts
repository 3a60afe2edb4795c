/** Which key a resource request addresses, and `check_conf` (id rules, forbidden properties, checker). */
import { CHECKERS } from './checkers.js';
import type { Ctx } from './context.js';
import { clone, isObject } from './json.js';
import { directoryOf, type ResourceDef } from './resources.js';
import type { Json, JsonObject } from './types.js';
import { atLeast } from './version.js';

interface Target {
  def: ResourceDef;
  dir: string;
  id?: string;
  sub: string[];
  consumer?: string;
  manager?: string;
}

/**
 * Splits `[res, id, ...sub]`, with the layouts of credentials and secrets.
 *
 * @example
 * ```ts
 * parseTarget(def, ['consumers', 'jack', 'credentials', 'c1']); // credentials of jack, id c1
 * ```
 */
function parseTarget(def: ResourceDef, segments: string[]): Target {
  if (def.name === 'credentials') {
    const consumer = segments[1];
    return {
      def,
      dir: directoryOf(def, consumer),
      id: segments[3],
      sub: segments.slice(4),
      consumer,
    };
  }
  if (def.name === 'secrets') {
    return { def, dir: 'secrets', manager: segments[1], id: segments[2], sub: segments.slice(3) };
  }
  return { def, dir: def.name, id: segments[1], sub: segments.slice(2) };
}

/** The etcd key of `id` in the target's directory (secrets: `<manager>/<id>`). */
function keyOf(target: Target, id: Json): string {
  return `/apisix/${target.dir}/${String(id)}`;
}

function forbidden(conf: JsonObject): string | undefined {
  const props = ['create_time', 'update_time'];
  const hit = (obj: Json | undefined, prefix: string) => {
    const found = isObject(obj)
      ? props.find((p) => obj[p] !== undefined && obj[p] !== false)
      : undefined;
    return found ? `the property is forbidden:  ${prefix}${found}` : undefined;
  };
  return hit(conf, '') ?? hit(conf.upstream, 'upstream.') ?? hit(conf.plugins, 'plugins.');
}

interface CheckConfOptions {
  urlId?: string;
  needId: boolean;
  allowTime: boolean;
  checkRefs: boolean;
}

type CheckResult = { ok: true; id?: Json } | { ok: false; msg: string };

function resolveId(target: Target, conf: JsonObject, opts: CheckConfOptions): CheckResult {
  const kind = target.def.kind;
  let id: Json | undefined = opts.urlId ?? conf.id;
  if (target.def.name === 'secrets' && id !== undefined)
    id = `${target.manager ?? ''}/${String(id)}`;
  if (opts.needId && id === undefined) return { ok: false, msg: `missing ${kind} id` };
  if (!opts.needId && id !== undefined)
    return { ok: false, msg: `wrong ${kind} id, do not need it` };
  if (
    opts.needId &&
    conf.id !== undefined &&
    String(conf.id) !== String(id) &&
    target.def.name !== 'secrets'
  ) {
    return { ok: false, msg: `wrong ${kind} id` };
  }
  if (id !== undefined) conf.id = id;
  return { ok: true, id };
}

/**
 * `check_conf`: id rules, forbidden timestamps, then the resource checker. Before 3.14 the checker
 * injects schema defaults into `conf` itself; since 3.14 it works on a copy.
 *
 * @example
 * ```ts
 * checkConf(ctx, target, body, { urlId: 'r1', needId: true, allowTime: false, checkRefs: true });
 * ```
 */
function checkConf(
  ctx: Ctx,
  target: Target,
  conf: JsonObject,
  opts: CheckConfOptions,
): CheckResult {
  let result: CheckResult = { ok: true };
  if (target.def.needId) {
    result = resolveId(target, conf, opts);
    if (!result.ok) return result;
  }
  if (!opts.allowTime) {
    const msg = forbidden(conf);
    if (msg) return { ok: false, msg };
  }
  const checker = CHECKERS[target.def.name];
  if (!checker) return result;
  const subject = atLeast(ctx.version, '3.14.0') ? clone(conf) : conf;
  const msg = checker(ctx, {
    conf: subject,
    checkRefs: opts.checkRefs,
    manager: target.manager,
    username: target.def.name === 'consumers' ? opts.urlId : undefined,
  });
  return msg ? { ok: false, msg } : result;
}

export type { CheckResult, Target };
export { checkConf, keyOf, parseTarget };
