/**
 * Applying a plan to a standalone document: upsert or remove items by id, then raise the
 * `<collection>_conf_version` of every touched collection monotonically (a timestamp in ms,
 * or the stored version + 1 if the clock is behind — ADC #393), leaving untouched collections
 * at their stored version so APISIX keeps them as they are.
 *
 * @example
 * ```ts
 * const next = applyToDocument(baseline.document, events, Date.now());
 * ```
 */
import { DOC_KEYS, documentItem, documentItemId } from '../apisix/index.js';
import type { DiffEvent } from '../differ/types.js';
import type { StandaloneDocument } from './baseline.js';

/** Keys APISIX adds inside the GET body that must not be sent back (apisix-admin-api.md §8.4). */
const SERVER_KEYS = ['X-Last-Modified', 'X-Digest'];

function cleanDocument(body: unknown): StandaloneDocument {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const doc: StandaloneDocument = { ...(body as StandaloneDocument) };
  for (const key of SERVER_KEYS) delete doc[key];
  return doc;
}

function itemKey(item: Record<string, unknown>, collection: string): string | undefined {
  const id = collection === 'consumers' && item.username !== undefined ? item.username : item.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function applyEvent(doc: StandaloneDocument, event: DiffEvent): string {
  const collection = DOC_KEYS[event.resourceType];
  const current = Array.isArray(doc[collection])
    ? (doc[collection] as Record<string, unknown>[])
    : [];
  const id = documentItemId({
    type: event.resourceType,
    id: event.resourceId,
    parentId: event.parentId,
  });
  const rest = current.filter((item) => itemKey(item, collection) !== id);
  if (event.type !== 'delete') {
    const item = documentItem({
      type: event.resourceType,
      id: event.resourceId,
      parentId: event.parentId,
      name: event.resourceName,
      value: event.newValue ?? {},
    });
    const at = current.findIndex((i) => itemKey(i, collection) === id);
    if (at >= 0) rest.splice(at, 0, item);
    else rest.push(item);
  }
  doc[collection] = rest;
  return collection;
}

interface ApplyDocumentOptions {
  /** Raise every collection's conf_version, not only the touched ones (bringing a server level). */
  bumpAll?: boolean;
}

function applyToDocument(
  base: StandaloneDocument,
  events: readonly DiffEvent[],
  nowMs: number,
  options: ApplyDocumentOptions = {},
): StandaloneDocument {
  const doc = cleanDocument(base);
  const touched = new Set<string>();
  for (const event of events) touched.add(applyEvent(doc, event));
  if (options.bumpAll) {
    for (const key of Object.keys(doc)) {
      if (key.endsWith('_conf_version')) touched.add(key.slice(0, -'_conf_version'.length));
    }
    for (const collection of new Set(Object.values(DOC_KEYS))) touched.add(collection);
  }
  for (const collection of touched) {
    const key = `${collection}_conf_version`;
    const stored = typeof doc[key] === 'number' ? (doc[key] as number) : 0;
    doc[key] = Math.max(nowMs, stored + 1);
  }
  return doc;
}

export { applyToDocument, cleanDocument };
