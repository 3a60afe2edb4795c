/** The plugin registry of one APISIX version: enabled names, definitions and published schemas. */
import type { Schema } from '../jsonschema.js';
import { AUTH_PLUGINS } from './auth.js';
import { limitCount } from './limit-count.js';
import { pluginNames, STREAM_PLUGINS } from './list.js';
import { MISC_PLUGINS } from './misc.js';
import { OBSERVABILITY_PLUGINS } from './observability.js';
import { TRAFFIC_PLUGINS } from './traffic.js';
import type { PluginDef } from './types.js';

const META_SCHEMA: Schema = {
  type: 'object',
  properties: {
    disable: { type: 'boolean' },
    error_response: { oneOf: [{ type: 'string' }, { type: 'object' }] },
    priority: { description: 'priority of plugins by customized order', type: 'integer' },
    filter: {
      description: 'filter determines whether the plugin needs to be executed at runtime',
      type: 'array',
    },
    pre_function: {
      description:
        'function to be executed in each phase before execution of plugins. The pre_function will have access to two arguments: `conf` and `ctx`.',
      type: 'string',
    },
  },
  additionalProperties: false,
};

const FACTORIES = [
  limitCount,
  ...AUTH_PLUGINS,
  ...TRAFFIC_PLUGINS,
  ...MISC_PLUGINS,
  ...OBSERVABILITY_PLUGINS,
];

interface PluginRegistry {
  names: readonly string[];
  streamNames: readonly string[];
  /** The definition of an enabled plugin; plugins without a modelled schema accept any object. */
  get(name: string): PluginDef | undefined;
  /** The schema `GET /plugins/<name>` answers: `_meta` and the `$comment` mark injected (cached). */
  published(def: PluginDef): Schema;
}

const cache = new Map<string, PluginRegistry>();

function permissive(name: string): PluginDef {
  return { name, priority: 0, schema: { type: 'object' } };
}

/**
 * The registry of `version` (cached).
 *
 * @example
 * ```ts
 * pluginRegistry('3.18.0').get('key-auth')?.auth; // true
 * ```
 */
function pluginRegistry(version: string): PluginRegistry {
  const hit = cache.get(version);
  if (hit) return hit;
  const names = pluginNames(version);
  const enabled = new Set(names);
  const defs = new Map<string, PluginDef>();
  for (const factory of FACTORIES) {
    const def = factory(version);
    if (enabled.has(def.name)) defs.set(def.name, def);
  }
  for (const name of names) if (!defs.has(name)) defs.set(name, permissive(name));
  // One published schema per definition: the validator compiles each schema object once.
  const published = new WeakMap<PluginDef, Schema>();
  const registry: PluginRegistry = {
    names,
    streamNames: STREAM_PLUGINS,
    get: (name) => defs.get(name),
    published: (def) => {
      let schema = published.get(def);
      if (!schema) {
        schema = {
          ...def.schema,
          $comment: 'this is a mark for our injected plugin schema',
          properties: { ...def.schema.properties, _meta: META_SCHEMA },
        };
        published.set(def, schema);
      }
      return schema;
    },
  };
  cache.set(version, registry);
  return registry;
}

export type { PluginRegistry };
export { pluginRegistry };
