/**
 * Lambda HTTP events → one normalised request. The three event shapes differ in where they
 * keep the method, the path and repeated headers (serverless.md §5.2): REST (1.0) has
 * `httpMethod`, `path` and `multiValueHeaders` in any case; HTTP API (2.0) and Function URLs have
 * `requestContext.http`, `rawPath`, lower-case `headers` with repeats comma-joined, and
 * `cookies` apart.
 *
 * @example
 * ```ts
 * const req = fromLambdaEvent(event); // { kind: 'http-v2', method: 'PUT', path: '/sync', … }
 * ```
 */
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import type { EventKind, LambdaHttpEvent, NormalizedRequest } from './types.js';

/** The event is not an HTTP event this adapter knows. */
class LambdaEventError extends Error {
  override name = 'LambdaEventError';
}

type Headerish = Record<string, string | undefined> | null | undefined;
type MultiHeaderish = Record<string, string[] | undefined> | null | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isV2(event: Record<string, unknown>): boolean {
  const ctx = event.requestContext;
  return event.version === '2.0' || (isRecord(ctx) && isRecord(ctx.http));
}

function isV1(event: Record<string, unknown>): boolean {
  return typeof event.httpMethod === 'string' && typeof event.path === 'string';
}

/**
 * Whether `event` is an API Gateway REST, HTTP API or Function URL event.
 *
 * @example
 * ```ts
 * isLambdaHttpEvent({ source: 'aws.events' }); // false
 * ```
 */
function isLambdaHttpEvent(event: unknown): event is LambdaHttpEvent {
  return isRecord(event) && (isV2(event) || isV1(event));
}

function lowerCaseMap(single: Headerish, multi: MultiHeaderish): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    const sep = key === 'cookie' ? '; ' : ',';
    out[key] = out[key] === undefined ? value : `${out[key]}${sep}${value}`;
  };
  if (multi && Object.keys(multi).length > 0) {
    for (const [name, values] of Object.entries(multi)) for (const v of values ?? []) add(name, v);
    // A header only in `headers` (some test tools send no multi map for it) still counts.
    for (const [name, v] of Object.entries(single ?? {}))
      if (v !== undefined && out[name.toLowerCase()] === undefined) add(name, v);
    return out;
  }
  for (const [name, v] of Object.entries(single ?? {})) if (v !== undefined) add(name, v);
  return out;
}

function decodeBody(body: string | null | undefined, base64: boolean | undefined): Buffer {
  if (body === null || body === undefined) return Buffer.alloc(0);
  return base64 ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

/** `/prod/sync` on stage `prod` → `/sync`; `$default` stages have no prefix. */
function stripStage(path: string, stage: string | undefined): string {
  if (!stage || stage === '$default') return path;
  const prefix = `/${stage}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

function fromV2(event: APIGatewayProxyEventV2): NormalizedRequest {
  const ctx = event.requestContext;
  const headers = lowerCaseMap(event.headers, undefined);
  if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
  const kind: EventKind = ctx.domainName?.includes('.lambda-url.') ? 'function-url' : 'http-v2';
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {}))
    if (v !== undefined) query[k] = v;
  return {
    kind,
    method: ctx.http.method.toUpperCase(),
    path: stripStage(event.rawPath || ctx.http.path || '/', ctx.stage),
    headers,
    query,
    rawBody: decodeBody(event.body, event.isBase64Encoded),
    requestId: ctx.requestId,
    sourceIp: ctx.http.sourceIp,
  };
}

function fromV1(event: APIGatewayProxyEvent): NormalizedRequest {
  const query: Record<string, string> = {};
  const multi = event.multiValueQueryStringParameters ?? {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) {
    const all = multi[k];
    if (v !== undefined) query[k] = all && all.length > 1 ? all.join(',') : v;
  }
  return {
    kind: 'rest-v1',
    method: event.httpMethod.toUpperCase(),
    // REST `path` has no stage, except behind a custom domain's base path mapping.
    path: event.path || '/',
    headers: lowerCaseMap(event.headers, event.multiValueHeaders),
    query,
    rawBody: decodeBody(event.body, event.isBase64Encoded),
    requestId: event.requestContext?.requestId,
    sourceIp: event.requestContext?.identity?.sourceIp,
  };
}

/**
 * Adapts an API Gateway REST (1.0), HTTP API (2.0) or Function URL event. Throws
 * `LambdaEventError` for anything else (an EventBridge event sent to the wrong function).
 *
 * @example
 * ```ts
 * const req = fromLambdaEvent(event);
 * if (req.method === 'PUT' && req.path === '/sync') { … }
 * ```
 */
function fromLambdaEvent(event: unknown): NormalizedRequest {
  if (!isRecord(event)) throw new LambdaEventError('the event is not an object');
  if (isV2(event)) return fromV2(event as unknown as APIGatewayProxyEventV2);
  if (isV1(event)) return fromV1(event as unknown as APIGatewayProxyEvent);
  throw new LambdaEventError(
    'not an HTTP event: expected API Gateway REST (1.0), HTTP API (2.0) or a Function URL event',
  );
}

export { fromLambdaEvent, isLambdaHttpEvent, LambdaEventError, stripStage };
