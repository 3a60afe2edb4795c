/**
 * Resolves the defaults tree that applies to one resource: the core tree of its type with every
 * plugin's tree hung under `plugins.<name>` (consumer-side plugin schemas for consumers and
 * credentials), or the plugin's metadata tree for plugin metadata. Gateway-supplied entries win;
 * the built-in table fills the gaps per core type and per plugin name.
 */
import type { Resource, ResourceType } from '../config/resources-types.js';
import { builtinDefaults } from './builtin-defaults.js';
import type { Defaults, SchemaDefaults } from './types.js';

const CONSUMER_SIDE: ReadonlySet<ResourceType> = new Set(['consumer', 'consumer_credential']);

/** One diff run's view of the defaults: per-type trees built once, metadata trees by plugin. */
interface DefaultsResolver {
  treeFor(resource: Resource): SchemaDefaults | undefined;
}

function withPlugins(
  core: SchemaDefaults | undefined,
  plugins: Record<string, SchemaDefaults>,
): SchemaDefaults {
  return {
    ...core,
    properties: { ...core?.properties, plugins: { properties: plugins } },
  };
}

/**
 * Builds the resolver for one diff run from the gateway's defaults (optional) and the built-in table.
 *
 * @example
 * ```ts
 * const resolver = createResolver(undefined);
 * resolver.treeFor({ type: 'route', id: 'r', name: 'r', value: {} })?.properties?.priority; // { default: 0 }
 * ```
 */
function createResolver(given: Defaults | undefined): DefaultsResolver {
  const builtin = builtinDefaults();
  const plugins = { ...builtin.plugins, ...given?.plugins };
  const consumerPlugins = {
    ...plugins,
    ...builtin.consumerPlugins,
    ...given?.consumerPlugins,
  };
  const metadata = { ...builtin.pluginMetadata, ...given?.pluginMetadata };
  const trees = new Map<ResourceType, SchemaDefaults>();
  const coreTree = (type: ResourceType): SchemaDefaults => {
    let tree = trees.get(type);
    if (!tree) {
      const core = given?.core[type] ?? builtin.core[type];
      tree = withPlugins(core, CONSUMER_SIDE.has(type) ? consumerPlugins : plugins);
      trees.set(type, tree);
    }
    return tree;
  };
  return {
    treeFor(resource) {
      if (resource.type === 'plugin_metadata') {
        return metadata[resource.id];
      }
      return coreTree(resource.type);
    },
  };
}

export type { DefaultsResolver };
export { createResolver };
