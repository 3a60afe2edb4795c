/**
 * Reads the live state of an etcd-mode gateway as flat `Resource`s.
 *
 * One list per resource type the scope needs (`dumpPlan`; paginated, each list read once), the
 * version from the `Server` header of those same responses, stream routes tolerated when stream mode is off, and
 * credential reads per consumer with bounded fan-out. Resources ADC would never manage
 * (upstreams no service owns, routes without a live service) are left out, so they are never
 * pruned.
 *
 * @example
 * ```ts
 * const { resources, version } = await dumpGateway(client, { concurrency: 8 });
 * ```
 */
import type { Resource, ResourceType } from '../config/resources-types.js';
import type { HttpClient, HttpResponse } from '../http/types.js';
import { mapWithConcurrency } from './concurrency.js';
import { dumpPlan, type ListType } from './dump-scope.js';
import { collectionPath, credentialsPath } from './paths.js';
import type { DumpScope } from './types.js';
import { atLeast, UNKNOWN_VERSION, versionFromServerHeader } from './version.js';

const PAGE_SIZE = 500;

type Value = Record<string, unknown>;
interface Item {
  key: string;
  value: Value;
}
interface ListBody {
  list?: Item[] | Record<string, never>;
  total?: number;
}

interface DumpOptions {
  /** Bound on parallel credential reads; default 8. */
  concurrency?: number;
  /** The types the run manages; lists nothing in it needs are not read. Default: every type. */
  scope?: DumpScope;
  /** The version when no list was read (a scope that needs none). */
  version?: () => Promise<string>;
}

interface ListResult {
  items: Item[];
  server?: string;
}

function isObject(value: unknown): value is Value {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Items of one list page; a page past the end answers `"list":{}`. */
function pageItems(body: unknown): { items: Item[]; total: number } {
  if (!isObject(body)) return { items: [], total: 0 };
  const { list, total } = body as ListBody;
  const items = Array.isArray(list) ? list.filter((i) => isObject(i) && isObject(i.value)) : [];
  return { items, total: typeof total === 'number' ? total : items.length };
}

/**
 * Reads a whole collection, page by page. `tolerate` statuses (404 for a collection that was
 * never created, 400 for stream routes without stream mode) read as empty.
 */
async function listAll(client: HttpClient, path: string, tolerate: number[]): Promise<ListResult> {
  const items: Item[] = [];
  let server: string | undefined;
  for (let page = 1; ; page++) {
    const res: HttpResponse = await client.request({
      method: 'GET',
      path,
      query: { page, page_size: PAGE_SIZE },
      acceptStatus: (s) => (s >= 200 && s < 300) || tolerate.includes(s),
    });
    server ??= res.headers.server;
    if (res.status >= 300) return { items: [], server };
    const { items: pageList, total } = pageItems(res.data);
    items.push(...pageList);
    if (pageList.length < PAGE_SIZE || items.length >= total) return { items, server };
  }
}

function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function idOf(item: Item): string {
  const id = item.value.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : lastSegment(item.key);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function labelsOf(value: Value): Record<string, unknown> {
  return isObject(value.labels) ? value.labels : {};
}

function sslName(value: Value): string {
  if (Array.isArray(value.snis)) return value.snis.join(',');
  return str(value.sni) ?? '';
}

interface Collections {
  services: Item[];
  upstreams: Item[];
  routes: Item[];
  streamRoutes: Item[];
  ssls: Item[];
  consumers: Item[];
  globalRules: Item[];
  pluginMetadata: Item[];
}

function toResource(type: ResourceType, item: Item, name: string, parentId?: string): Resource {
  const resource: Resource = { type, id: idOf(item), name, value: item.value };
  if (parentId !== undefined) resource.parentId = parentId;
  return resource;
}

/** Services, their upstreams and routes, keeping only what a service owns. */
function serviceTree(c: Collections): Resource[] {
  const out: Resource[] = [];
  const services = new Map(c.services.map((s) => [idOf(s), s]));
  for (const [id, s] of services) out.push(toResource('service', s, str(s.value.name) ?? id));
  for (const u of c.upstreams) {
    const id = idOf(u);
    const owner = services.get(id);
    const inline = owner !== undefined && str(owner.value.upstream_id) === id;
    const named = str(labelsOf(u.value).__ADC_UPSTREAM_SERVICE_ID);
    const parent = inline ? id : named !== undefined && services.has(named) ? named : undefined;
    if (parent !== undefined) out.push(toResource('upstream', u, str(u.value.name) ?? id, parent));
  }
  for (const [type, list] of [
    ['route', c.routes],
    ['stream_route', c.streamRoutes],
  ] as const) {
    for (const r of list) {
      const parent = str(r.value.service_id);
      if (parent === undefined || !services.has(parent)) continue;
      const name = str(labelsOf(r.value).__ADC_NAME) ?? str(r.value.name) ?? idOf(r);
      out.push(toResource(type, r, name, parent));
    }
  }
  return out;
}

/**
 * Before 3.17 a list GET returned SSL keys AES-encrypted: ciphertext is never a usable key, and
 * a dump that kept it would sync the ciphertext back as the key. Keys are compared through the
 * `__APISYNC_CERT_DIGEST` label instead.
 */
function withoutKeys(item: Item): Item {
  const { key: _key, keys: _keys, ...value } = item.value;
  return { key: item.key, value };
}

function flatResources(c: Collections): Resource[] {
  return [
    ...serviceTree(c),
    ...c.ssls.map((s) => toResource('ssl', withoutKeys(s), sslName(s.value))),
    ...c.consumers.map((u) => {
      const username = str(u.value.username) ?? lastSegment(u.key);
      return { ...toResource('consumer', u, username), id: username };
    }),
    ...c.globalRules.map((g) => toResource('global_rule', g, idOf(g))),
    ...c.pluginMetadata.map((m) => {
      const name = lastSegment(m.key);
      return { ...toResource('plugin_metadata', m, name), id: name };
    }),
  ];
}

async function readCredentials(
  client: HttpClient,
  usernames: string[],
  concurrency: number,
): Promise<Resource[]> {
  const lists = await mapWithConcurrency(usernames, concurrency, async (username) => {
    const { items } = await listAll(client, credentialsPath(username), [404]);
    return items.map((i) =>
      toResource('consumer_credential', i, str(i.value.name) ?? lastSegment(i.key), username),
    );
  });
  return lists.flat();
}

/** Reads each list in scope once; see the module comment. */
async function dumpGateway(
  client: HttpClient,
  options: DumpOptions = {},
): Promise<{ resources: Resource[]; version: string }> {
  const plan = dumpPlan(options.scope);
  const empty: ListResult = { items: [] };
  const read = (type: ListType): Promise<ListResult> =>
    plan.lists.has(type)
      ? listAll(client, collectionPath(type), type === 'stream_route' ? [400, 404] : [404])
      : Promise.resolve(empty);
  const lists = await Promise.all([
    read('service'),
    read('upstream'),
    read('route'),
    read('stream_route'),
    read('ssl'),
    read('consumer'),
    read('global_rule'),
    read('plugin_metadata'),
  ]);
  const [services, upstreams, routes, streamRoutes, ssls, consumers, globalRules, pluginMetadata] =
    lists;
  // Any list's answer carries the Server header; none is read just for it.
  const header = lists.find((l) => l.server !== undefined)?.server;
  const version =
    versionFromServerHeader(header) ??
    (plan.lists.size === 0 && options.version ? await options.version() : UNKNOWN_VERSION);
  const resources = flatResources({
    services: services.items,
    upstreams: upstreams.items,
    routes: routes.items,
    streamRoutes: streamRoutes.items,
    ssls: ssls.items,
    consumers: consumers.items,
    globalRules: globalRules.items,
    pluginMetadata: pluginMetadata.items,
  });
  if (plan.credentials && atLeast(version, '3.11.0')) {
    const usernames = resources.filter((r) => r.type === 'consumer').map((r) => r.id);
    resources.push(...(await readCredentials(client, usernames, options.concurrency ?? 8)));
  }
  return { resources, version };
}

export type { DumpOptions };
export { dumpGateway, listAll };
