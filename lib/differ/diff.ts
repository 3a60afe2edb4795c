/**
 * `diff(desired, live, options)`: the plan that turns the live gateway into the desired one.
 * Pure: no I/O, clock, randomness or environment, and the inputs are never mutated (events
 * reference the input bodies; treat them as read-only).
 */
import type { Resource } from '../config/resources-types.js';
import { compareBodies } from './compare.js';
import { createResolver, type DefaultsResolver } from './defaults.js';
import { normalizeBody } from './normalize.js';
import { orderEvents } from './order.js';
import { guardDeletes } from './references.js';
import { filterScope, type Index, indexOf, keyOf, mayPrune, parentKeyOf } from './scope.js';
import type { DiffEvent, DiffOptions } from './types.js';

interface Sides {
  desired: Index;
  live: Index;
}

function baseEvent(type: DiffEvent['type'], resource: Resource, sides: Sides): DiffEvent {
  const event: DiffEvent = {
    type,
    resourceType: resource.type,
    resourceId: resource.id,
    resourceName: resource.name,
  };
  if (resource.parentId !== undefined) {
    event.parentId = resource.parentId;
    const parentKey = parentKeyOf(resource);
    const parent = parentKey
      ? (sides.desired.get(parentKey) ?? sides.live.get(parentKey))
      : undefined;
    if (parent) {
      event.parentName = parent.name;
    }
  }
  return event;
}

function upsertEvent(
  desired: Resource,
  live: Resource | undefined,
  resolver: DefaultsResolver,
  sides: Sides,
): DiffEvent | undefined {
  if (!live) {
    return { ...baseEvent('create', desired, sides), newValue: desired.value };
  }
  const tree = resolver.treeFor(desired);
  const changes = compareBodies(
    normalizeBody(live.type, live.value),
    normalizeBody(desired.type, desired.value),
    tree,
  );
  if (changes.length === 0) {
    return undefined;
  }
  return {
    ...baseEvent('update', desired, sides),
    oldValue: live.value,
    newValue: desired.value,
    changes,
  };
}

/**
 * Live resources in scope that no desired resource claims and that the prune mode and the
 * reference guard let go. A live resource claimed by an out-of-scope desired one is never deleted.
 */
function planDeletes(
  scopedLive: readonly Resource[],
  scopedDesired: readonly Resource[],
  sides: Sides,
  options: DiffOptions,
): Resource[] {
  const candidates = scopedLive.filter(
    (resource) =>
      !sides.desired.has(keyOf(resource)) && mayPrune(resource, sides.live, sides.desired, options),
  );
  if (candidates.length === 0) {
    return candidates;
  }
  const replaced = new Set([...candidates, ...scopedDesired].map(keyOf));
  const survivors: Resource[] = [...scopedDesired];
  for (const [key, resource] of sides.live) {
    if (!replaced.has(key)) {
      survivors.push(resource);
    }
  }
  return guardDeletes(candidates, survivors);
}

/**
 * Compares desired and live flat resources (matched by type and id; credentials by consumer
 * and id) and returns the ordered events that make live equal to desired: creates, updates
 * with leaf `changes`, and deletes as the prune mode allows. Equality ignores server-managed
 * fields, SSL keys, node order and form, and schema defaults present on one side only.
 *
 * @example
 * ```ts
 * const events = diff(toResources(config), await dump(client), { prune: 'owned' });
 * // [{ type: 'update', resourceType: 'route', resourceId: '0c23…', resourceName: 'get',
 * //    parentId: '1cce…', parentName: 'httpbin', changes: [{ path: 'uris[0]', before: '/a', after: '/b' }], … }]
 * ```
 */
function diff(
  desired: readonly Resource[],
  live: readonly Resource[],
  options: DiffOptions = {},
): DiffEvent[] {
  const sides: Sides = { desired: indexOf(desired), live: indexOf(live) };
  const scopedDesired = filterScope(
    [...sides.desired.values()],
    sides.desired,
    sides.live,
    options.inScope,
  );
  const scopedLive = filterScope(
    [...sides.live.values()],
    sides.live,
    sides.desired,
    options.inScope,
  );
  const resolver = createResolver(options.defaults);

  const events: DiffEvent[] = [];
  for (const resource of scopedDesired) {
    // Matched against all of live: an out-of-scope live twin is overwritten, so it is an update.
    const event = upsertEvent(resource, sides.live.get(keyOf(resource)), resolver, sides);
    if (event) {
      events.push(event);
    }
  }
  for (const resource of planDeletes(scopedLive, scopedDesired, sides, options)) {
    events.push({ ...baseEvent('delete', resource, sides), oldValue: resource.value });
  }
  return orderEvents(events);
}

export { diff };
