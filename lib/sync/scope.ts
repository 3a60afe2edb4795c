/**
 * The run's scope in `lib/config`'s terms: resource-type names are checked here once, so the
 * CLI, `/sync` and the reconciler reject a misspelt type the same way (a silently ignored type
 * filter would widen the prune to everything).
 *
 * @example
 * ```ts
 * const scope = toScope({ excludeResourceTypes: ['consumer'] }); // Scope for applyScope/resourceInScope
 * toScope({ includeResourceTypes: ['routes'] }); // throws ConfigError: unknown resource type "routes"
 * ```
 */
import { RESOURCE_TYPES } from '../config/index.js';
import type { Scope, ScopeType } from '../config/scope.js';
import { ConfigError, type ConfigIssue } from '../errors.js';
import type { SyncScope } from './types.js';

const SCOPE_TYPES: readonly string[] = [...RESOURCE_TYPES, 'consumer_group'];

function isScopeType(value: string): value is ScopeType {
  return SCOPE_TYPES.includes(value);
}

function types(
  list: readonly string[] | undefined,
  field: string,
  issues: ConfigIssue[],
): ScopeType[] | undefined {
  if (list === undefined) return undefined;
  const out: ScopeType[] = [];
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

/** Checks the type names and returns the scope `lib/config` and the differ take. */
function toScope(scope: SyncScope = {}): Scope {
  const issues: ConfigIssue[] = [];
  const include = types(scope.includeResourceTypes, 'includeResourceType', issues);
  const exclude = types(scope.excludeResourceTypes, 'excludeResourceType', issues);
  if (issues.length > 0) throw new ConfigError('invalid scope', issues);
  const out: Scope = {};
  if (scope.labelSelector) out.labelSelector = scope.labelSelector;
  if (include) out.includeResourceTypes = include;
  if (exclude) out.excludeResourceTypes = exclude;
  return out;
}

export { SCOPE_TYPES, toScope };
