/** Fault injection: per-request rules matched by method and path pattern, with hit counters. */
import type { FaultRule, FaultState } from './types.js';

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/**
 * A live rule list; `match` counts hits and retires rules whose `times` are used up.
 *
 * @example
 * ```ts
 * const faults = new Faults([{ method: 'PUT', path: '/apisix/admin/routes/*', status: 503, times: 1 }]);
 * faults.match('PUT', '/apisix/admin/routes/r1')?.status; // 503
 * ```
 */
class Faults {
  readonly rules: FaultState[] = [];
  private readonly patterns = new WeakMap<FaultState, RegExp>();

  constructor(rules: FaultRule[] = []) {
    for (const rule of rules) this.add(rule);
  }

  add(rule: FaultRule): FaultState {
    const state: FaultState = { ...rule, hits: 0 };
    this.patterns.set(state, typeof rule.path === 'string' ? globToRegExp(rule.path) : rule.path);
    this.rules.push(state);
    return state;
  }

  clear(): void {
    this.rules.length = 0;
  }

  match(method: string, path: string): FaultState | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method !== '*' && rule.method.toUpperCase() !== method) continue;
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      if (!this.patterns.get(rule)?.test(path)) continue;
      rule.hits += 1;
      return rule;
    }
    return undefined;
  }
}

export { Faults };
