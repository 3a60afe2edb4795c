/**
 * Schema defaults for the differ, read from the gateway's own schemas and cached per server
 * and version in module scope (a warm invocation pays nothing; a new plugin costs one request
 * per schema role). A schema the gateway does not serve falls back to the differ's built-in
 * table, so an older or locked-down gateway still diffs without false changes.
 *
 * @example
 * ```ts
 * const defaults = await gatewayDefaults(client, '3.13.0', { plugins: ['cors'], consumerPlugins: ['key-auth'], metadataPlugins: [] });
 * ```
 */
import type { ResourceType } from '../config/resources-types.js';
import { builtinDefaults, defaultsFromJsonSchema } from '../differ/index.js';
import type { Defaults, SchemaDefaults } from '../differ/types.js';
import { AdminApiError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import { mapWithConcurrency } from './concurrency.js';
import { ADMIN_PREFIX } from './paths.js';
import type { PluginUsage } from './types.js';

/** Core schema names as `GET /apisix/admin/schema/<name>` knows them. */
const CORE_SCHEMAS: readonly (readonly [ResourceType, string])[] = [
  ['route', 'route'],
  ['service', 'service'],
  ['upstream', 'upstream'],
  ['ssl', 'ssl'],
  ['consumer', 'consumer'],
  ['consumer_credential', 'credential'],
  ['global_rule', 'global_rule'],
  ['stream_route', 'stream_route'],
];

type Role = 'plugins' | 'consumerPlugins' | 'metadataPlugins';
const ROLE_QUERY: Record<Role, string | undefined> = {
  plugins: undefined,
  consumerPlugins: 'consumer',
  metadataPlugins: 'metadata',
};

/** What one gateway (server + version) told us; `null` = it has no such schema. */
interface GatewaySchemas {
  core?: Partial<Record<ResourceType, SchemaDefaults | null>>;
  roles: Record<Role, Map<string, SchemaDefaults | null>>;
}

const MAX_GATEWAYS = 32;
const cache = new Map<string, GatewaySchemas>();

function entryFor(key: string): GatewaySchemas {
  let entry = cache.get(key);
  if (entry) {
    cache.delete(key);
  } else {
    entry = {
      roles: { plugins: new Map(), consumerPlugins: new Map(), metadataPlugins: new Map() },
    };
  }
  cache.set(key, entry);
  if (cache.size > MAX_GATEWAYS) cache.delete(cache.keys().next().value as string);
  return entry;
}

/** A schema, or `null` when the gateway answers 4xx (unknown schema, older version). */
async function fetchSchema(
  client: HttpClient,
  path: string,
  query?: Record<string, string>,
): Promise<SchemaDefaults | null> {
  try {
    const res = await client.request({ method: 'GET', path, query });
    return defaultsFromJsonSchema(res.data);
  } catch (err) {
    if (err instanceof AdminApiError && err.status >= 400 && err.status < 500) return null;
    throw err;
  }
}

async function loadCore(client: HttpClient, entry: GatewaySchemas): Promise<void> {
  if (entry.core) return;
  const fetched = await mapWithConcurrency(CORE_SCHEMAS, 8, ([, name]) =>
    fetchSchema(client, `${ADMIN_PREFIX}/schema/${name}`),
  );
  entry.core = Object.fromEntries(CORE_SCHEMAS.map(([type], i) => [type, fetched[i] ?? null]));
}

async function loadRole(
  client: HttpClient,
  entry: GatewaySchemas,
  role: Role,
  names: Iterable<string>,
): Promise<void> {
  const known = entry.roles[role];
  const missing = [...new Set(names)].filter((n) => !known.has(n));
  const schemaType = ROLE_QUERY[role];
  const fetched = await mapWithConcurrency(missing, 8, (name) =>
    fetchSchema(
      client,
      `${ADMIN_PREFIX}/plugins/${encodeURIComponent(name)}`,
      schemaType ? { schema_type: schemaType } : undefined,
    ),
  );
  missing.forEach((name, i) => {
    known.set(name, fetched[i] ?? null);
  });
}

function overlay<T extends Partial<Record<string, SchemaDefaults>>>(
  base: T,
  fetched: Iterable<[string, SchemaDefaults | null]>,
): T {
  const out: Partial<Record<string, SchemaDefaults>> = { ...base };
  for (const [k, v] of fetched) if (v) out[k] = v;
  return out as T;
}

/** Defaults for the plugins in `usage`, the gateway's schemas over the built-in table. */
async function gatewayDefaults(
  client: HttpClient,
  version: string,
  usage: PluginUsage,
): Promise<Defaults> {
  const entry = entryFor(`${client.baseUrl}|${version}`);
  await Promise.all([
    loadCore(client, entry),
    loadRole(client, entry, 'plugins', usage.plugins),
    loadRole(client, entry, 'consumerPlugins', usage.consumerPlugins),
    loadRole(client, entry, 'metadataPlugins', usage.metadataPlugins),
  ]);
  const base = builtinDefaults();
  return {
    core: overlay(base.core, Object.entries(entry.core ?? {}) as [string, SchemaDefaults | null][]),
    plugins: overlay(base.plugins, entry.roles.plugins),
    consumerPlugins: overlay(base.consumerPlugins ?? {}, entry.roles.consumerPlugins),
    pluginMetadata: overlay(base.pluginMetadata ?? {}, entry.roles.metadataPlugins),
  };
}

/** Forgets every cached schema (tests). */
function clearDefaultsCache(): void {
  cache.clear();
}

export { clearDefaultsCache, gatewayDefaults };
