/**
 * The HTTP shapes every HTTP-triggered handler works with once the Lambda event is adapted:
 * API Gateway REST (payload 1.0), HTTP API (payload 2.0) and Lambda Function URL events all
 * become one `NormalizedRequest`, and one `NormalizedResponse` goes back in the shape of the
 * event it answers.
 *
 * @example
 * ```ts
 * const req: NormalizedRequest = fromLambdaEvent(event);
 * const res: NormalizedResponse = { status: 200, headers: {}, body: '{}' };
 * return toLambdaResult(event, res);
 * ```
 */
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';

/** Which kind of event carried the request. */
type EventKind = 'rest-v1' | 'http-v2' | 'function-url';

/** Any HTTP event this adapter understands (a Function URL event has the 2.0 shape). */
type LambdaHttpEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

/** What an HTTP handler answers with, for either event shape. */
type LambdaHttpResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2;

interface NormalizedRequest {
  kind: EventKind;
  /** Upper-case HTTP method. */
  method: string;
  /** The path without the API Gateway stage prefix (`/prod/sync` on stage `prod` → `/sync`). */
  path: string;
  /** Header names lower-cased; repeated headers joined with `,` (cookies with `; `). */
  headers: Record<string, string>;
  /** Query parameters; repeated ones joined with `,` like HTTP API 2.0 does. */
  query: Record<string, string>;
  /** The body bytes as the client sent them: base64 already decoded, nothing else touched. */
  rawBody: Buffer;
  /** API Gateway's or the Function URL's request id, when the event carries one. */
  requestId?: string;
  sourceIp?: string;
}

interface NormalizedResponse {
  status: number;
  /** Header names as they should be sent (lower-case by convention). */
  headers: Record<string, string>;
  /** A string is sent as text; a Buffer is sent base64-encoded (`isBase64Encoded: true`). */
  body: string | Buffer;
}

export type { EventKind, LambdaHttpEvent, LambdaHttpResult, NormalizedRequest, NormalizedResponse };
