/**
 * The reference guard: a delete that would break a reference still held after the plan (APISIX
 * refuses it with 400 "… is still using it") is dropped, together with what the kept resource
 * references in turn.
 */
import type { Resource } from '../config/resources-types.js';
import { isPlainObject } from './normalize.js';
import { keyOf } from './scope.js';

function idRef(type: string, value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? `${type}:${value}` : undefined;
}

/** Keys of the resources `resource` points at: `upstream_id`, `service_id`, `tls.client_cert_id`. */
function referencesOf(resource: Resource): string[] {
  const value = resource.value;
  const refs = [idRef('upstream', value.upstream_id), idRef('service', value.service_id)];
  const tls = resource.type === 'upstream' ? value.tls : undefined;
  if (isPlainObject(tls)) {
    refs.push(idRef('ssl', tls.client_cert_id));
  }
  return refs.filter((ref): ref is string => ref !== undefined);
}

/**
 * Returns the deletes that are safe: none of them is referenced by a resource that exists after
 * the plan (`survivors`: desired resources and live ones that stay), directly or through another
 * delete that had to be dropped.
 *
 * @example
 * ```ts
 * guardDeletes([service, inlineUpstream], [foreignRoute]); // [] — the route still uses the service
 * ```
 */
function guardDeletes(deletes: readonly Resource[], survivors: Iterable<Resource>): Resource[] {
  const pending = new Map(deletes.map((resource) => [keyOf(resource), resource]));
  const queue: string[] = [];
  const hold = (resource: Resource): void => {
    for (const ref of referencesOf(resource)) {
      if (pending.has(ref)) {
        queue.push(ref);
      }
    }
  };
  for (const survivor of survivors) {
    hold(survivor);
  }
  for (let ref = queue.pop(); ref !== undefined; ref = queue.pop()) {
    const kept = pending.get(ref);
    if (kept) {
      pending.delete(ref);
      hold(kept);
    }
  }
  return deletes.filter((resource) => pending.has(keyOf(resource)));
}

export { guardDeletes, referencesOf };
