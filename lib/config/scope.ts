/**
 * Scope: which resources one sync manages. The desired side gets the label selector and the
 * `managed-by: adc` label merged into its labels; both sides are filtered by resource type and
 * (live side) by labels, with the same rules.
 *
 * Decisions (see docs/config.md):
 * - Labels are filled into services, routes, stream routes, SSLs, consumers, consumer groups and
 *   the consumers of groups, as ADC's `fillLabels` does. Upstreams and credentials are not
 *   labelled (ADC writes them without these labels); they follow their parent.
 * - Include/exclude work on every type, nested ones too (`route`, `stream_route`, `upstream`,
 *   `consumer_credential`); in ADC they match top-level keys only. A parent whose own type is out
 *   of scope stays in the configuration as a carrier for in-scope children; the resource filter
 *   ({@link resourceInScope}) drops it after `toResources`.
 * - Global rules and plugin metadata are never label-filtered (ADC).
 *
 * @example
 * ```ts
 * const scope = { labelSelector: { team: 'web' }, excludeResourceTypes: ['consumer'] };
 * const desired = toResources(applyScope(config, scope)).filter((r) => resourceInScope(r, scope));
 * ```
 */
import { ConfigError } from '../errors.js';
import type { Resource, ResourceType } from './resources-types.js';
import { RESOURCE_TYPES } from './resources-types.js';
import type { AdcConfig, AdcConsumer, AdcLabels, AdcService } from './schema.js';

/** Resource types a scope may name: apisync's, plus ADC's `consumer_group` (lint-only in ADC). */
type ScopeType = ResourceType | 'consumer_group';

interface Scope {
  /** Every key must equal on a live resource; merged into every desired resource's labels. */
  labelSelector?: Record<string, string>;
  includeResourceTypes?: ScopeType[];
  excludeResourceTypes?: ScopeType[];
  /** Add `managed-by: adc` to desired resources (default true; ADC's `--no-managed-by-label` turns it off). */
  managedByLabel?: boolean;
}

const MANAGED_BY = { 'managed-by': 'adc' } as const;
const SCOPE_TYPES: readonly string[] = [...RESOURCE_TYPES, 'consumer_group'];

const checkScope = (scope: Scope): void => {
  const include = scope.includeResourceTypes ?? [];
  const exclude = scope.excludeResourceTypes ?? [];
  const issues = [];
  if (include.length > 0 && exclude.length > 0) {
    issues.push({
      path: [],
      code: 'scope_conflict',
      message: 'includeResourceTypes and excludeResourceTypes are mutually exclusive',
    });
  }
  for (const type of [...include, ...exclude]) {
    if (!SCOPE_TYPES.includes(type)) {
      issues.push({
        path: [],
        code: 'invalid_value',
        message: `Unknown resource type "${type}" (expected one of ${SCOPE_TYPES.join(', ')})`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues.map((i) => i.message).join('; '), issues);
};

/**
 * Whether a resource type is managed under `scope` (type rules only).
 *
 * @example
 * ```ts
 * typeInScope('route', { excludeResourceTypes: ['route'] }); // false
 * ```
 */
const typeInScope = (type: ScopeType, scope: Scope): boolean => {
  const include = scope.includeResourceTypes ?? [];
  if (include.length > 0) return include.includes(type);
  return !(scope.excludeResourceTypes ?? []).includes(type);
};

const fill = <T extends { labels?: AdcLabels }>(item: T, extra: Record<string, string>): T => {
  if (Object.keys(extra).length === 0) return item;
  return { ...item, labels: { ...item.labels, ...extra } };
};

const scopeService = (
  service: AdcService,
  scope: Scope,
  extra: Record<string, string>,
): AdcService => {
  const out = { ...fill(service, extra) };
  if (out.routes)
    out.routes = typeInScope('route', scope) ? out.routes.map((r) => fill(r, extra)) : undefined;
  if (out.stream_routes) {
    out.stream_routes = typeInScope('stream_route', scope)
      ? out.stream_routes.map((r) => fill(r, extra))
      : undefined;
  }
  if (out.upstreams && !typeInScope('upstream', scope)) out.upstreams = undefined;
  return dropUndefined(out);
};

const scopeConsumer = (
  consumer: AdcConsumer,
  scope: Scope,
  extra: Record<string, string>,
): AdcConsumer => {
  const out = { ...fill(consumer, extra) };
  if (out.credentials && !typeInScope('consumer_credential', scope)) out.credentials = undefined;
  return dropUndefined(out);
};

/** Never leave `key: undefined` behind: ADC's differ counted such keys as changes. */
const dropUndefined = <T extends object>(value: T): T => {
  for (const key of Object.keys(value)) {
    if (Reflect.get(value, key) === undefined) Reflect.deleteProperty(value, key);
  }
  return value;
};

/**
 * Applies a scope to a linted configuration: fills labels and removes what the type rules
 * exclude (a parent stays as a carrier while any nested type is in scope). Returns a new
 * configuration; the input is not mutated. Throws a {@link ConfigError} for a bad scope.
 *
 * @example
 * ```ts
 * applyScope({ services: [{ name: 's', routes: [] }] }, { labelSelector: { env: 'prod' } });
 * // { services: [{ name: 's', routes: [], labels: { env: 'prod', 'managed-by': 'adc' } }] }
 * ```
 */
const applyScope = (config: AdcConfig, scope: Scope = {}): AdcConfig => {
  checkScope(scope);
  const extra = { ...scope.labelSelector, ...(scope.managedByLabel === false ? {} : MANAGED_BY) };
  const out: AdcConfig = {};
  const keepServices = (['service', 'route', 'stream_route', 'upstream'] as const).some((t) =>
    typeInScope(t, scope),
  );
  if (config.services && keepServices)
    out.services = config.services.map((s) => scopeService(s, scope, extra));
  if (config.ssls && typeInScope('ssl', scope)) out.ssls = config.ssls.map((s) => fill(s, extra));
  if (
    config.consumers &&
    (typeInScope('consumer', scope) || typeInScope('consumer_credential', scope))
  ) {
    out.consumers = config.consumers.map((c) => scopeConsumer(c, scope, extra));
  }
  if (config.consumer_groups && typeInScope('consumer_group', scope)) {
    out.consumer_groups = config.consumer_groups.map((g) => {
      const group = fill(g, extra);
      return group.consumers
        ? { ...group, consumers: group.consumers.map((c) => fill(c, extra)) }
        : group;
    });
  }
  if (config.global_rules && typeInScope('global_rule', scope))
    out.global_rules = config.global_rules;
  if (config.plugin_metadata && typeInScope('plugin_metadata', scope))
    out.plugin_metadata = config.plugin_metadata;
  return out;
};

const labelsMatch = (value: Record<string, unknown>, selector: Record<string, string>): boolean => {
  const labels = value.labels;
  return Object.entries(selector).every(
    ([key, want]) =>
      typeof labels === 'object' && labels !== null && Reflect.get(labels, key) === want,
  );
};

/** Types whose labels are never checked: ADC never label-filters them, or they follow a parent. */
const followsParent = (resource: Resource): boolean =>
  resource.type === 'consumer_credential' ||
  (resource.type === 'upstream' && resource.parentId !== undefined);

/**
 * Whether one flat resource (live or desired) is in scope: its type is in scope, and its labels
 * match the selector. Global rules and plugin metadata are never label-checked; credentials and
 * service-owned upstreams are not either (they follow their parent: use
 * {@link filterInScope} on a whole list to apply that).
 *
 * @example
 * ```ts
 * resourceInScope({ type: 'route', id: 'r', name: 'r', value: { labels: { team: 'web' } } }, { labelSelector: { team: 'web' } }); // true
 * ```
 */
const resourceInScope = (resource: Resource, scope: Scope): boolean => {
  if (!typeInScope(resource.type, scope)) return false;
  if (
    resource.type === 'global_rule' ||
    resource.type === 'plugin_metadata' ||
    followsParent(resource)
  )
    return true;
  return labelsMatch(resource.value, scope.labelSelector ?? {});
};

/**
 * Filters a resource list by scope; a credential or service-owned upstream whose parent is in the
 * list but fails the label selector is dropped with it.
 *
 * @example
 * ```ts
 * const live = filterInScope(await dump(), { labelSelector: { team: 'web' } });
 * ```
 */
const filterInScope = (resources: Resource[], scope: Scope): Resource[] => {
  checkScope(scope);
  const selector = scope.labelSelector ?? {};
  const parents = new Map<string, Resource>();
  for (const r of resources)
    if (r.type === 'service' || r.type === 'consumer') parents.set(`${r.type}/${r.id}`, r);
  return resources.filter((r) => {
    if (!resourceInScope(r, scope)) return false;
    if (!followsParent(r)) return true;
    const parent = parents.get(`${r.type === 'upstream' ? 'service' : 'consumer'}/${r.parentId}`);
    return parent === undefined || labelsMatch(parent.value, selector);
  });
};

export type { Scope, ScopeType };
export { applyScope, filterInScope, resourceInScope, typeInScope };
