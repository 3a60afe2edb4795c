/**
 * The standalone-shaped document (`/apisix/admin/configs`, `/configs/validate`): one array per
 * collection, each item carrying its `id`; credentials live in `consumers` with id
 * `<username>/credentials/<id>` (apisix-admin-api.md §7.1, §8.7).
 *
 * @example
 * ```ts
 * const doc = toDocument(resources);   // { routes: [{ id, uri, … }], consumers: [...], … }
 * const back = fromDocument(doc);      // Resource[] again
 * ```
 */
import type { Resource, ResourceType } from '../config/resources-types.js';
import { COLLECTIONS } from './paths.js';

type Item = Record<string, unknown>;
type Document = Record<string, Item[]>;

/** The Admin API's collection names; credentials travel inside `consumers`. */
const DOC_KEYS: Record<ResourceType, string> = { ...COLLECTIONS, consumer_credential: 'consumers' };

const CREDENTIAL_ID = /^(.+)\/credentials\/([^/]+)$/;

/** The id an item carries inside its collection (username for consumers). */
function documentItemId(resource: Pick<Resource, 'type' | 'id' | 'parentId'>): string {
  if (resource.type === 'consumer_credential')
    return `${resource.parentId}/credentials/${resource.id}`;
  return resource.id;
}

/** A resource as a document item. */
function itemOf(resource: Resource): Item {
  if (resource.type === 'consumer') return { ...resource.value, username: resource.id };
  if (resource.type === 'consumer_credential') {
    return { ...resource.value, id: `${resource.parentId}/credentials/${resource.id}` };
  }
  return { ...resource.value, id: resource.id };
}

/** Admin API resources as one document; the position of each resource is returned too. */
function toDocument(resources: readonly Resource[]): {
  document: Document;
  positions: Map<string, Resource>;
} {
  const document: Document = {};
  const positions = new Map<string, Resource>();
  for (const resource of resources) {
    const key = DOC_KEYS[resource.type];
    const list = document[key] ?? [];
    document[key] = list;
    positions.set(`${key}#${list.length}`, resource);
    list.push(itemOf(resource));
  }
  return { document, positions };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function withoutId(item: Item): Item {
  const { id: _id, ...rest } = item;
  return rest;
}

function consumerResource(item: Item): Resource | undefined {
  const id = str(item.id);
  const cred = id ? CREDENTIAL_ID.exec(id) : null;
  if (cred) {
    const value = withoutId(item);
    return {
      type: 'consumer_credential',
      id: cred[2]!,
      parentId: cred[1]!,
      name: str(item.name) ?? cred[2]!,
      value,
    };
  }
  const username = str(item.username);
  return username ? { type: 'consumer', id: username, name: username, value: item } : undefined;
}

/** The inverse of {@link toDocument}, for items of the managed collections. */
function fromDocument(document: Record<string, unknown>): Resource[] {
  const out: Resource[] = [];
  const items = (key: string): Item[] =>
    Array.isArray(document[key])
      ? (document[key] as unknown[]).filter((i): i is Item => typeof i === 'object' && i !== null)
      : [];
  for (const [type, key] of Object.entries(DOC_KEYS) as [ResourceType, string][]) {
    if (type === 'consumer' || type === 'consumer_credential') continue;
    for (const item of items(key)) {
      const id = str(item.id);
      if (id === undefined) continue;
      out.push({ type, id, name: str(item.name) ?? id, value: withoutId(item) });
    }
  }
  for (const item of items('consumers')) {
    const r = consumerResource(item);
    if (r) out.push(r);
  }
  return out;
}

export type { Document };
export { DOC_KEYS, documentItemId, fromDocument, itemOf as documentItem, toDocument };
