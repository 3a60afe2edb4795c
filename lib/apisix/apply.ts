/**
 * Applies a plan to an etcd-mode gateway: one PUT or DELETE per event, scheduled by
 * dependency with bounded concurrency, retried only as `lib/http`'s policy allows (never a
 * 4xx), with a result per event — success, failed (with the Admin API's answer) or skipped
 * (with the reason).
 *
 * @example
 * ```ts
 * const results = await applyEvents(client, events, { concurrency: 8 });
 * const failed = results.filter((r) => r.status === 'failed');
 * ```
 */
import type { DiffEvent } from '../differ/types.js';
import { AdminApiError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import { redact } from '../log/redact.js';
import { planDependencies } from './deps.js';
import { resourcePath } from './paths.js';
import { schedule } from './scheduler.js';
import type { ApplyOptions, ApplyResult, WireRequest } from './types.js';

const MASK = '*****';
/** Shared by every reported request: thousands of identical objects would be garbage. */
const REQUEST_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-API-KEY': MASK,
  'Content-Type': 'application/json',
});
const MAX_BODY_CHARS = 4096;

function requestOf(client: HttpClient, event: DiffEvent): WireRequest {
  const method = event.type === 'delete' ? 'DELETE' : 'PUT';
  const request: WireRequest = {
    method,
    url: `${client.baseUrl}${resourcePath({ type: event.resourceType, id: event.resourceId, parentId: event.parentId })}`,
    headers: REQUEST_HEADERS,
  };
  if (method === 'PUT') request.data = event.newValue ?? {};
  return request;
}

/**
 * Keeps a response body small enough to report. Secrets are masked before the cut: a cut
 * inside `"key":"…` would leave a value no text rule recognises.
 */
function bounded(raw: unknown): unknown {
  const data = redact(raw);
  if (typeof data === 'string')
    return data.length > MAX_BODY_CHARS ? `${data.slice(0, MAX_BODY_CHARS)}…` : data;
  const text = JSON.stringify(data);
  return text !== undefined && text.length > MAX_BODY_CHARS
    ? `${text.slice(0, MAX_BODY_CHARS)}…`
    : data;
}

// `Date` has a one-second resolution: thousands of answers share a handful of values.
let lastDate = '';
let lastIso = '';

/** The answer's time from its `Date` header (ADC reports the Admin API's clock), else now. */
function timeOf(headers: Record<string, string>): string {
  const header = headers.date;
  if (header === undefined) return new Date().toISOString();
  if (header !== lastDate) {
    const date = new Date(header);
    lastIso = Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString();
    lastDate = header;
  }
  return lastIso;
}

const acceptWrite = (status: number): boolean => status >= 200 && status < 300;
/** A delete of something already gone reached the desired state (safe retries, cascades). */
const acceptDelete = (status: number): boolean => acceptWrite(status) || status === 404;

async function runEvent(client: HttpClient, event: DiffEvent): Promise<ApplyResult> {
  const method = event.type === 'delete' ? 'DELETE' : 'PUT';
  const path = resourcePath({
    type: event.resourceType,
    id: event.resourceId,
    parentId: event.parentId,
  });
  try {
    const res = await client.request({
      method,
      path,
      body: method === 'PUT' ? (event.newValue ?? {}) : undefined,
      acceptStatus: event.type === 'delete' ? acceptDelete : acceptWrite,
    });
    // A success is reported by event, server and time only (ADC's `success[]`): keeping the
    // request and the echoed answer of thousands of writes would hold megabytes for nothing.
    return { event, status: 'success', server: client.baseUrl, at: timeOf(res.headers) };
  } catch (err) {
    const result: ApplyResult = {
      event,
      status: 'failed',
      reason: err instanceof Error ? err.message : String(err),
      server: client.baseUrl,
      request: requestOf(client, event),
      at: new Date().toISOString(),
    };
    if (err instanceof AdminApiError) {
      result.response = { status: err.status, headers: err.headers ?? {}, data: bounded(err.body) };
      if (err.headers) result.at = timeOf(err.headers);
    }
    return result;
  }
}

function describe(event: DiffEvent): string {
  return `${event.resourceType} "${event.resourceName}"`;
}

/** Applies `events` in dependency order; see the module comment. */
async function applyEvents(
  client: HttpClient,
  events: readonly DiffEvent[],
  options: ApplyOptions = {},
): Promise<ApplyResult[]> {
  const deps = planDependencies(events);
  const outcomes = await schedule(
    deps,
    {
      concurrency: options.concurrency ?? 8,
      exitOnFailure: options.exitOnFailure,
      onProgress: options.onProgress,
    },
    async (i) => {
      const result = await runEvent(client, events[i]!);
      return { value: result, failed: result.status === 'failed' };
    },
  );
  return outcomes.map((o, i): ApplyResult => {
    const event = events[i]!;
    if (o.status === 'done') return o.value;
    const reason =
      o.blockedBy !== undefined
        ? `skipped: depends on ${describe(events[o.blockedBy]!)}, which was not applied`
        : `skipped: ${o.reason}`;
    return { event, status: 'skipped', reason };
  });
}

export { applyEvents, requestOf };
