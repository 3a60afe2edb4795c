/**
 * The run's scope: resource-type names are checked here once, so the CLI, `/sync` and the
 * reconciler reject a misspelt type the same way (a silently ignored type filter would widen
 * the prune to everything).
 *
 * Every name of ADC's `ResourceType` enum is accepted. Two of them name nothing apisync keeps
 * as a resource of its own:
 * - `plugin_config`: apisync never reads or writes plugin configs (ADC's APISIX backend does
 *   not either), so it matches nothing: `include: [plugin_config]` manages nothing, `exclude`
 *   changes nothing.
 * - `stream_service`: ADC's internal name for a service that carries stream routes. Here it
 *   matches exactly those services — a service with a stream route on either side (desired or
 *   live). It narrows `service`; it does not bring the stream routes themselves, which stay
 *   `stream_route`. A service with both HTTP and stream routes is a `stream_service`.
 *
 * `lib/config` knows neither name: {@link resolveScope} hands it a coarser scope that keeps
 * what is needed as carriers (services and their stream routes), and the run's predicate
 * ({@link scopePredicate}) decides by the names the caller gave.
 *
 * @example
 * ```ts
 * const scope = resolveScope({ includeResourceTypes: ['stream_service', 'stream_route'] });
 * const inScope = scopePredicate(scope, [...desired, ...live]);
 * toScope({ includeResourceTypes: ['routes'] }); // throws ConfigError: unknown resource type "routes"
 * ```
 */
import { RESOURCE_TYPES, resourceInScope } from '../config/index.js';
import type { Resource, ResourceType } from '../config/resources-types.js';
import type { Scope, ScopeType } from '../config/scope.js';
import { ConfigError, type ConfigIssue } from '../errors.js';
import type { SyncScope } from './types.js';

/** Every type name a scope may use: apisync's resource types and the rest of ADC's enum. */
const SCOPE_TYPES = [
  ...RESOURCE_TYPES,
  'consumer_group',
  'plugin_config',
  'stream_service',
] as const;

type SyncScopeType = (typeof SCOPE_TYPES)[number];

/** A checked scope: `config` for `lib/config` (carriers kept), the caller's names for the rest. */
interface ResolvedScope {
  config: Scope;
  include?: ReadonlySet<SyncScopeType>;
  exclude?: ReadonlySet<SyncScopeType>;
  /** Resource types a run may manage under this scope (what the dump must cover). */
  types: ResourceType[];
}

function isScopeType(value: string): value is SyncScopeType {
  return (SCOPE_TYPES as readonly string[]).includes(value);
}

function types(
  list: readonly string[] | undefined,
  field: string,
  issues: ConfigIssue[],
): SyncScopeType[] | undefined {
  if (list === undefined || list.length === 0) return undefined;
  const out: SyncScopeType[] = [];
  list.forEach((t, i) => {
    if (isScopeType(t)) out.push(t);
    else
      issues.push({
        path: [field, i],
        message: `unknown resource type "${t}" (one of ${SCOPE_TYPES.join(', ')})`,
        code: 'unknown_resource_type',
      });
  });
  return out;
}

/** `lib/config`'s include list: stream services need services and their stream routes. */
function configInclude(include: readonly SyncScopeType[]): ScopeType[] {
  const out = new Set<ScopeType>();
  for (const t of include) {
    if (t === 'stream_service') {
      out.add('service');
      out.add('stream_route');
    } else if (t !== 'plugin_config') out.add(t);
  }
  // Only names that match nothing: a type no resource has, so the run manages nothing
  // (an empty include list would mean everything).
  return out.size > 0 ? [...out] : ['consumer_group'];
}

/** `lib/config`'s exclude list: stream routes stay as carriers when stream services are named. */
function configExclude(exclude: readonly SyncScopeType[]): ScopeType[] {
  const keepStream = exclude.includes('stream_service');
  return exclude.filter(
    (t): t is ScopeType =>
      t !== 'plugin_config' && t !== 'stream_service' && !(keepStream && t === 'stream_route'),
  );
}

/**
 * Excluding a parent excludes what lives inside it in ADC's files: a service's upstreams, a
 * consumer's credentials. (Including works type by type: naming `consumer` manages consumers,
 * `consumer_credential` their credentials.)
 */
function withFollowers(exclude: SyncScopeType[] | undefined): SyncScopeType[] | undefined {
  if (!exclude) return exclude;
  const out = new Set(exclude);
  if (out.has('service')) out.add('upstream');
  if (out.has('consumer')) out.add('consumer_credential');
  return [...out];
}

/**
 * Checks the type names and resolves the scope; throws `ConfigError` naming every unknown one.
 *
 * @example
 * ```ts
 * resolveScope({ includeResourceTypes: ['plugin_config'] }).types; // []
 * ```
 */
function resolveScope(scope: SyncScope = {}): ResolvedScope {
  const issues: ConfigIssue[] = [];
  const include = types(scope.includeResourceTypes, 'includeResourceType', issues);
  const exclude = withFollowers(types(scope.excludeResourceTypes, 'excludeResourceType', issues));
  if (issues.length > 0) throw new ConfigError('invalid scope', issues);
  const config: Scope = {};
  if (scope.labelSelector) config.labelSelector = scope.labelSelector;
  if (include) config.includeResourceTypes = configInclude(include);
  if (exclude) config.excludeResourceTypes = configExclude(exclude);
  const resolved: ResolvedScope = {
    config,
    types: RESOURCE_TYPES.filter((t) =>
      config.includeResourceTypes
        ? config.includeResourceTypes.includes(t)
        : !config.excludeResourceTypes?.includes(t),
    ),
  };
  if (include) resolved.include = new Set(include);
  if (exclude) resolved.exclude = new Set(exclude);
  return resolved;
}

/**
 * The scope `lib/config` takes (`applyScope`, `resourceInScope`); see {@link resolveScope}.
 *
 * @example
 * ```ts
 * toScope({ excludeResourceTypes: ['consumer'] }); // { excludeResourceTypes: ['consumer'] }
 * ```
 */
function toScope(scope: SyncScope = {}): Scope {
  return resolveScope(scope).config;
}

/** Whether the caller's type names let `resource` in; `streamServices` are service ids. */
function typeMatches(
  resource: Resource,
  scope: ResolvedScope,
  streamServices: ReadonlySet<string>,
): boolean {
  const names: SyncScopeType[] = [resource.type];
  if (resource.type === 'service' && streamServices.has(resource.id)) names.push('stream_service');
  if (scope.include) {
    return resource.type === 'service'
      ? names.some((n) => scope.include?.has(n))
      : scope.include.has(resource.type);
  }
  return !names.some((n) => scope.exclude?.has(n));
}

/**
 * The run's "is this resource managed" test: the caller's type names (with `stream_service`
 * judged against the stream routes in `resources`), then `lib/config`'s label rules.
 *
 * @example
 * ```ts
 * const inScope = scopePredicate(resolveScope(scope), [...desired, ...live]);
 * diff(desired, live, { inScope });
 * ```
 */
function scopePredicate(
  scope: ResolvedScope,
  resources: Iterable<Resource>,
): (resource: Resource, parent?: Resource) => boolean {
  const streamServices = new Set<string>();
  for (const r of resources) {
    if (r.type === 'stream_route' && r.parentId !== undefined) streamServices.add(r.parentId);
  }
  const labels: Scope = scope.config.labelSelector
    ? { labelSelector: scope.config.labelSelector }
    : {};
  return (resource, parent) => {
    // An inline upstream (its service's id) is part of its service, as in ADC's files: it takes
    // the service's type. Named upstreams and credentials keep their own type; every follower
    // takes its parent's labels.
    const inline = resource.type === 'upstream' && resource.id === resource.parentId;
    const typed = inline && parent !== undefined ? parent : resource;
    return typeMatches(typed, scope, streamServices) && resourceInScope(parent ?? resource, labels);
  };
}

/**
 * The resources of one list that `inScope` keeps, each follower judged with its parent from the
 * same list (a service for its upstreams, a consumer for its credentials), as the differ does.
 *
 * @example
 * ```ts
 * const kept = keepInScope(live, scopePredicate(resolveScope(scope), live));
 * ```
 */
function keepInScope(
  resources: readonly Resource[],
  inScope: (resource: Resource, parent?: Resource) => boolean,
): Resource[] {
  const parents = new Map<string, Resource>();
  for (const r of resources) {
    if (r.type === 'service' || r.type === 'consumer') parents.set(`${r.type}:${r.id}`, r);
  }
  return resources.filter((r) => {
    if (r.parentId === undefined || (r.type !== 'upstream' && r.type !== 'consumer_credential')) {
      return inScope(r);
    }
    const parentType = r.type === 'upstream' ? 'service' : 'consumer';
    return inScope(r, parents.get(`${parentType}:${r.parentId}`));
  });
}

export type { ResolvedScope, SyncScopeType };
export { keepInScope, resolveScope, SCOPE_TYPES, scopePredicate, toScope };
