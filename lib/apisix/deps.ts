/**
 * Dependencies between the events of one plan, derived from the references in their bodies.
 *
 * The differ orders events so a sequential apply is safe; the scheduler instead runs
 * independent work in parallel and needs the actual edges: a route create waits for its own
 * service and upstream, not for every service (ADC ran whole type groups one after another).
 *
 * - A create/update waits for the create/update of everything its new body references
 *   (`service_id`, `upstream_id`, `tls.client_cert_id`, a credential's consumer).
 * - A delete of X waits for the deletes of everything whose old body references X, and for
 *   updates that move a reference away from X (APISIX refuses to delete a referenced service or
 *   upstream, apisix-admin-api.md §5.2); a consumer's delete waits for its credentials' deletes.
 * - Consumer and credential writes wait (soft: ordering only) for consumer and credential deletes,
 *   because APISIX ≥ 3.18 rejects an auth key that a resource about to be deleted still holds.
 *
 * @example
 * ```ts
 * const deps = planDependencies(events);
 * deps[3].hard; // indices event 3 needs to have succeeded
 * ```
 */
import type { DiffEvent } from '../differ/types.js';

interface EventDeps {
  /** Must succeed first; a failure skips this event. */
  hard: number[];
  /** Must finish first, whatever the outcome. */
  soft: number[];
}

type Value = Record<string, unknown> | undefined;

function keyOf(type: string, id: string, parentId?: string): string {
  return type === 'consumer_credential' ? `${type}:${parentId}/${id}` : `${type}:${id}`;
}

function eventKey(e: DiffEvent): string {
  return keyOf(e.resourceType, e.resourceId, e.parentId);
}

function asId(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Keys of the resources a body references. */
function references(e: DiffEvent, value: Value): string[] {
  if (!value) return [];
  const refs: string[] = [];
  const service = asId(value.service_id);
  const upstream = asId(value.upstream_id);
  if (service) refs.push(keyOf('service', service));
  if (upstream) refs.push(keyOf('upstream', upstream));
  const tls = value.tls;
  if (typeof tls === 'object' && tls !== null) {
    const ssl = asId((tls as Record<string, unknown>).client_cert_id);
    if (ssl) refs.push(keyOf('ssl', ssl));
  }
  if (e.resourceType === 'consumer_credential' && e.parentId) {
    refs.push(keyOf('consumer', e.parentId));
  }
  return refs;
}

const AUTH_TYPES = new Set(['consumer', 'consumer_credential']);

function indexWrites(events: readonly DiffEvent[]): Map<string, number> {
  const writes = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.type !== 'delete') writes.set(eventKey(e), i);
  });
  return writes;
}

/** For each event, the indices of the events it depends on. */
function planDependencies(events: readonly DiffEvent[]): EventDeps[] {
  const deps: EventDeps[] = events.map(() => ({ hard: [], soft: [] }));
  const writes = indexWrites(events);
  const deletes = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.type === 'delete') deletes.set(eventKey(e), i);
  });
  const authDeletes = [...deletes.values()].filter((i) => AUTH_TYPES.has(events[i]!.resourceType));

  events.forEach((e, i) => {
    if (e.type !== 'delete') {
      for (const ref of references(e, e.newValue)) {
        const w = writes.get(ref);
        if (w !== undefined && w !== i) deps[i]!.hard.push(w);
      }
      if (AUTH_TYPES.has(e.resourceType)) deps[i]!.soft.push(...authDeletes);
    }
  });
  // A delete waits for whatever still references its target to let go of it.
  events.forEach((e, i) => {
    const oldRefs = references(e, e.oldValue);
    if (oldRefs.length === 0) return;
    const newRefs = new Set(e.type === 'update' ? references(e, e.newValue) : []);
    for (const ref of oldRefs) {
      const target = deletes.get(ref);
      if (target === undefined || target === i || newRefs.has(ref)) continue;
      if (e.type === 'create') continue;
      deps[target]!.hard.push(i);
    }
  });
  return deps;
}

export type { EventDeps };
export { eventKey, planDependencies };
