/**
 * Plan presentation for `apisync diff`: counts and human-readable lines, secrets masked.
 */
import type { ResourceType } from '../config/resources-types.js';
import { isSecretKey, REDACTED, redactString } from '../log/redact.js';
import { isPlainObject } from './normalize.js';
import type { Change, DiffEvent, OperationCounts, PlanSummary } from './types.js';

/** Longest rendered value in a plan line; longer JSON is cut with `…`. */
const MAX_VALUE_CHARS = 120;
const SIGN = { create: '+', update: '~', delete: '-' } as const;
/** Besides `lib/log`'s secret names: key-auth `key` and SSL `key`/`keys` are secrets in Admin API bodies. */
const DIFFER_SECRET_KEYS = new Set(['key', 'keys']);

function isSecretName(key: string): boolean {
  return DIFFER_SECRET_KEYS.has(key) || isSecretKey(key);
}

function mask(value: unknown): unknown {
  if (typeof value === 'string') {
    return redactString(value);
  }
  if (Array.isArray(value)) {
    return value.map(mask);
  }
  if (!isPlainObject(value)) {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretName(key) && item !== undefined ? REDACTED : mask(item);
  }
  return out;
}

/** The last property name of a change path: `plugins.key-auth.key` → `key`, `keys[0]` → `keys`. */
function lastKey(path: string): string {
  const trimmed = path.replace(/(\[\d+\])+$/, '');
  const quoted = /\["((?:[^"\\]|\\.)*)"\]$/.exec(trimmed);
  if (quoted?.[1] !== undefined) {
    return quoted[1];
  }
  return trimmed.slice(trimmed.lastIndexOf('.') + 1);
}

function render(value: unknown, secret: boolean): string {
  if (value === undefined) {
    return '(absent)';
  }
  const text = JSON.stringify(secret ? REDACTED : mask(value)) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function changeText(change: Change): string {
  const secret = isSecretName(lastKey(change.path));
  return `${change.path}: ${render(change.before, secret)} → ${render(change.after, secret)}`;
}

function displayName(event: DiffEvent): string {
  return event.parentName ? `${event.parentName}.${event.resourceName}` : event.resourceName;
}

/**
 * One line per create and delete, one line per changed leaf of an update:
 * `+ service httpbin`, `~ route httpbin.get  plugins.cors.max_age: 5 → 10`, `- ssl example.com`.
 * Values under secret-looking keys (`key`, `password`, `secret`, `token`, `client_key`, …) and PEM
 * private keys are shown as `[REDACTED]`.
 *
 * @example
 * ```ts
 * formatPlan(diff(desired, live)).join('\n');
 * ```
 */
function formatPlan(events: readonly DiffEvent[]): string[] {
  const lines: string[] = [];
  for (const event of events) {
    const head = `${SIGN[event.type]} ${event.resourceType} ${displayName(event)}`;
    if (event.type !== 'update' || !event.changes?.length) {
      lines.push(head);
      continue;
    }
    for (const change of event.changes) {
      lines.push(`${head}  ${changeText(change)}`);
    }
  }
  return lines;
}

function zero(): OperationCounts {
  return { create: 0, update: 0, delete: 0 };
}

/**
 * Counts events per operation, overall and per resource type.
 *
 * @example
 * ```ts
 * summarize(events); // { create: 2, update: 1, delete: 0, total: 3, byType: { route: { create: 2, update: 1, delete: 0 } } }
 * ```
 */
function summarize(events: readonly DiffEvent[]): PlanSummary {
  const summary: PlanSummary = { ...zero(), total: 0, byType: {} };
  const byType: Partial<Record<ResourceType, OperationCounts>> = summary.byType;
  for (const event of events) {
    const counts = byType[event.resourceType] ?? zero();
    counts[event.type] += 1;
    byType[event.resourceType] = counts;
    summary[event.type] += 1;
    summary.total += 1;
  }
  return summary;
}

export { formatPlan, summarize };
