/**
 * What a reconcile invocation asks for. Two shapes are accepted:
 *
 * - a scheduled event, `detail-type: "Scheduled Event"` with `source` `aws.events` (an
 *   EventBridge rule) or `aws.scheduler` (EventBridge Scheduler, whose input mirrors the rule's
 *   event; see infra/schedule.ts): every target, one after another;
 * - `{ target, ref?, sha?, reason?, deliveryId?, force?, pin? }` (git-webhook's hand-off, `apisync dev`,
 *   an operator's manual invoke): that one target, at `sha` when given.
 *
 * Anything else is a `ReconcileEventError` naming what is wrong: a malformed event is a
 * deployment bug, and silently reconciling everything instead would hide it.
 *
 * @example
 * ```ts
 * parseReconcileEvent({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
 * // { kind: 'schedule', reason: 'schedule', eventSource: 'aws.events' }
 * ```
 */
import { ApisyncError } from '../errors.js';
import type { ReconcileTrigger, ScheduleTrigger, TargetTrigger } from './reconcile-types.js';

const SCHEDULE_SOURCES = new Set(['aws.events', 'aws.scheduler']);
/** SHA-1 or SHA-256 object names, as git and the hosts print them. */
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const MAX_TEXT = 256;

/**
 * The invocation event is neither a scheduled event nor a target request.
 *
 * @example
 * ```ts
 * try { parseReconcileEvent(event); }
 * catch (err) { if (err instanceof ReconcileEventError) logger.error('bad event', { error: err.message }); }
 * ```
 */
class ReconcileEventError extends ApisyncError {}

/** A value quoted in an error message, bounded so a huge event cannot flood the logs. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalText(event: Record<string, unknown>, key: string): string | undefined {
  const value = event[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
    throw new ReconcileEventError(
      `reconcile event: "${key}" must be a non-empty string of at most ${MAX_TEXT} characters`,
    );
  }
  return value;
}

function scheduleTrigger(event: Record<string, unknown>): ScheduleTrigger {
  const source = event.source;
  if (typeof source !== 'string' || !SCHEDULE_SOURCES.has(source)) {
    throw new ReconcileEventError(
      `reconcile event: a "Scheduled Event" must come from aws.events or aws.scheduler, not ${shown(source)}`,
    );
  }
  const trigger: ScheduleTrigger = { kind: 'schedule', reason: 'schedule', eventSource: source };
  const id = event.id;
  const time = event.time;
  if (typeof id === 'string') trigger.eventId = id;
  if (typeof time === 'string') trigger.time = time;
  return trigger;
}

function targetTrigger(event: Record<string, unknown>): TargetTrigger {
  const target = optionalText(event, 'target');
  if (target === undefined) throw new ReconcileEventError('reconcile event: "target" is required');
  const sha = optionalText(event, 'sha');
  if (sha !== undefined && !SHA.test(sha)) {
    throw new ReconcileEventError(
      'reconcile event: "sha" must be a full commit SHA (40 or 64 hex digits)',
    );
  }
  for (const flag of ['force', 'pin'] as const) {
    if (event[flag] !== undefined && typeof event[flag] !== 'boolean') {
      throw new ReconcileEventError(`reconcile event: "${flag}" must be a boolean`);
    }
  }
  const trigger: TargetTrigger = {
    kind: 'target',
    target,
    reason: optionalText(event, 'reason') ?? 'manual',
    force: event.force === true,
    pin: event.pin === true,
  };
  const ref = optionalText(event, 'ref');
  const deliveryId = optionalText(event, 'deliveryId');
  if (ref !== undefined) trigger.ref = ref;
  if (sha !== undefined) trigger.sha = sha.toLowerCase();
  if (deliveryId !== undefined) trigger.deliveryId = deliveryId;
  return trigger;
}

/**
 * Classifies an invocation event; throws `ReconcileEventError` for anything unrecognised.
 *
 * @example
 * ```ts
 * parseReconcileEvent({ target: 'prod', sha: 'a'.repeat(40), reason: 'webhook' });
 * // { kind: 'target', target: 'prod', sha: 'aaa…', reason: 'webhook', force: false }
 * ```
 */
function parseReconcileEvent(event: unknown): ReconcileTrigger {
  if (!isRecord(event)) {
    throw new ReconcileEventError('reconcile event: expected a JSON object');
  }
  const detailType = event['detail-type'];
  if (detailType === 'Scheduled Event') return scheduleTrigger(event);
  if (detailType !== undefined) {
    throw new ReconcileEventError(
      `reconcile event: unsupported EventBridge detail-type ${shown(detailType)} (expected "Scheduled Event")`,
    );
  }
  if ('target' in event) return targetTrigger(event);
  throw new ReconcileEventError(
    'reconcile event: expected a scheduled event ("detail-type": "Scheduled Event") or { "target": "<name>", "sha"?, "ref"?, "reason"? }',
  );
}

export { parseReconcileEvent, ReconcileEventError };
