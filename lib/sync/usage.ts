/**
 * Which plugins a plan touches, by schema role, so the backend fetches only those schemas.
 *
 * @example
 * ```ts
 * pluginUsage([...desired, ...live]); // { plugins: Set{'cors'}, consumerPlugins: Set{'key-auth'}, metadataPlugins: Set{} }
 * ```
 */
import type { PluginUsage } from '../apisix/types.js';
import type { Resource } from '../config/resources-types.js';

function pluginNames(value: Record<string, unknown>): string[] {
  const plugins = value.plugins;
  return typeof plugins === 'object' && plugins !== null ? Object.keys(plugins) : [];
}

function pluginUsage(resources: readonly Resource[]): PluginUsage {
  const plugins = new Set<string>();
  const consumerPlugins = new Set<string>();
  const metadataPlugins = new Set<string>();
  for (const r of resources) {
    if (r.type === 'plugin_metadata') metadataPlugins.add(r.id);
    const target =
      r.type === 'consumer' || r.type === 'consumer_credential' ? consumerPlugins : plugins;
    for (const name of pluginNames(r.value)) target.add(name);
  }
  return { plugins, consumerPlugins, metadataPlugins };
}

export { pluginUsage };
