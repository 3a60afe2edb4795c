/** The resource table: URL segment → kind, unsupported methods, id rules, plugin scope. */
import type { PluginScope } from './plugin-check.js';

interface ResourceDef {
  /** URL segment and etcd directory (`routes`). */
  name: string;
  /** Singular used in messages (`route`, `global rule`). */
  kind: string;
  unsupported: string[];
  /** Consumers and plugin metadata take their key from elsewhere (`no_id_res`). */
  needId: boolean;
  /** Which schema the plugins of this resource are checked and encrypted with. */
  pluginScope?: PluginScope;
  /** Resources whose DELETE runs a reference check. */
  deleteChecked?: boolean;
  /** No timestamps are injected (plugin metadata). */
  noTimestamps?: boolean;
}

const RESOURCES: Record<string, ResourceDef> = {
  routes: { name: 'routes', kind: 'route', unsupported: [], needId: true, pluginScope: 'http' },
  services: {
    name: 'services',
    kind: 'service',
    unsupported: [],
    needId: true,
    pluginScope: 'http',
    deleteChecked: true,
  },
  upstreams: {
    name: 'upstreams',
    kind: 'upstream',
    unsupported: [],
    needId: true,
    deleteChecked: true,
  },
  ssls: { name: 'ssls', kind: 'ssl', unsupported: [], needId: true },
  consumers: {
    name: 'consumers',
    kind: 'consumer',
    unsupported: ['post', 'patch'],
    needId: false,
    pluginScope: 'consumer',
  },
  credentials: {
    name: 'credentials',
    kind: 'credential',
    unsupported: ['post', 'patch'],
    needId: true,
    pluginScope: 'consumer',
  },
  global_rules: {
    name: 'global_rules',
    kind: 'global rule',
    unsupported: ['post'],
    needId: true,
    pluginScope: 'http',
  },
  plugin_configs: {
    name: 'plugin_configs',
    kind: 'plugin config',
    unsupported: ['post'],
    needId: true,
    pluginScope: 'http',
    deleteChecked: true,
  },
  consumer_groups: {
    name: 'consumer_groups',
    kind: 'consumer group',
    unsupported: ['post'],
    needId: true,
    pluginScope: 'http',
    deleteChecked: true,
  },
  plugin_metadata: {
    name: 'plugin_metadata',
    kind: 'plugin_metadata',
    unsupported: ['post', 'patch'],
    needId: false,
    noTimestamps: true,
  },
  stream_routes: {
    name: 'stream_routes',
    kind: 'stream route',
    unsupported: ['patch'],
    needId: true,
    pluginScope: 'stream',
    deleteChecked: true,
  },
  secrets: { name: 'secrets', kind: 'secret', unsupported: ['post'], needId: true },
  protos: {
    name: 'protos',
    kind: 'proto',
    unsupported: ['patch'],
    needId: true,
    deleteChecked: true,
  },
};

/** The etcd directory of a resource; credentials live under their consumer. */
function directoryOf(def: ResourceDef, consumer?: string): string {
  return def.name === 'credentials' ? `consumers/${consumer ?? ''}/credentials` : def.name;
}

export type { ResourceDef };
export { directoryOf, RESOURCES };
