/**
 * Identity, scope, ownership and the delete set: which live resources a plan may delete.
 */
import type { Resource, ResourceType } from '../config/resources-types.js';
import { isPlainObject } from './normalize.js';
import type { DiffOptions } from './types.js';

type Index = ReadonlyMap<string, Resource>;

const DEFAULT_OWNER = { key: 'managed-by', value: 'adc' } as const;

/** Match key: credentials are unique per consumer, everything else per type. */
function keyOf(resource: Resource): string {
  if (resource.type === 'consumer_credential') {
    return `consumer_credential:${resource.parentId ?? ''}/${resource.id}`;
  }
  return `${resource.type}:${resource.id}`;
}

/** The key of a resource's parent: the service of a route, stream route or upstream; the consumer of a credential. */
function parentKeyOf(resource: Resource): string | undefined {
  if (resource.parentId === undefined) {
    return undefined;
  }
  const parentType: ResourceType = resource.type === 'consumer_credential' ? 'consumer' : 'service';
  return `${parentType}:${resource.parentId}`;
}

/** Upstreams owned by a service and credentials take scope and ownership from their parent. */
function followsParent(resource: Resource): boolean {
  return (
    resource.type === 'consumer_credential' ||
    (resource.type === 'upstream' && resource.parentId !== undefined)
  );
}

/** The parent a follower takes its labels (and ownership) from, when either side knows it. */
function parentOf(resource: Resource, side: Index, other: Index): Resource | undefined {
  const parentKey = followsParent(resource) ? parentKeyOf(resource) : undefined;
  return parentKey === undefined ? undefined : (side.get(parentKey) ?? other.get(parentKey));
}

/** The resource whose labels decide for `resource`: its parent when it follows one and it is known. */
function decider(resource: Resource, side: Index, other: Index): Resource {
  return parentOf(resource, side, other) ?? resource;
}

function indexOf(resources: readonly Resource[]): Map<string, Resource> {
  const index = new Map<string, Resource>();
  for (const resource of resources) {
    if (!index.has(keyOf(resource))) {
      index.set(keyOf(resource), resource);
    }
  }
  return index;
}

/** Keeps the resources in scope; a follower is judged together with its parent (see `DiffOptions.inScope`). */
function filterScope(
  resources: readonly Resource[],
  side: Index,
  other: Index,
  inScope: DiffOptions['inScope'],
): Resource[] {
  if (!inScope) {
    return [...resources];
  }
  return resources.filter((resource) => inScope(resource, parentOf(resource, side, other)));
}

function isOwned(resource: Resource, owner: { key: string; value: string }): boolean {
  const labels = resource.value.labels;
  return isPlainObject(labels) && labels[owner.key] === owner.value;
}

/** Whether pruning may delete this live resource (before the reference guard). */
function mayPrune(resource: Resource, live: Index, desired: Index, options: DiffOptions): boolean {
  const mode = options.prune ?? 'all';
  if (mode === 'none') {
    return false;
  }
  if (mode === 'all') {
    return true;
  }
  // Global rules and plugin metadata carry no labels: never pruned in `owned` mode.
  if (resource.type === 'global_rule' || resource.type === 'plugin_metadata') {
    return false;
  }
  return isOwned(decider(resource, live, desired), options.ownerLabel ?? DEFAULT_OWNER);
}

export type { Index };
export { decider, filterScope, indexOf, keyOf, mayPrune, parentKeyOf };
