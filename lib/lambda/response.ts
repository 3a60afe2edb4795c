/**
 * A normalised response → the result shape of the event it answers. Both shapes carry
 * `statusCode`, `headers`, `body` and `isBase64Encoded`; REST (1.0) would ignore a 2.0-only
 * field and HTTP API (2.0) would guess a status from a bare string, so the result is built
 * for the event rather than as a union of both.
 *
 * @example
 * ```ts
 * return toLambdaResult(event, jsonResponse(202, report));
 * ```
 */
import type { APIGatewayProxyResult, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LambdaHttpResult, NormalizedResponse } from './types.js';

function isV1Event(event: unknown): boolean {
  return (
    typeof event === 'object' &&
    event !== null &&
    'httpMethod' in event &&
    !('version' in event && (event as { version?: unknown }).version === '2.0')
  );
}

/**
 * The Lambda result for `event`: a REST (1.0) result for a REST event, a 2.0 structured result
 * for HTTP API and Function URL events. Buffer bodies are sent base64-encoded.
 *
 * @example
 * ```ts
 * toLambdaResult(v2Event, { status: 404, headers: {}, body: '{"message":"not found"}' });
 * // { statusCode: 404, headers: {}, body: '{"message":"not found"}', isBase64Encoded: false }
 * ```
 */
function toLambdaResult(event: unknown, response: NormalizedResponse): LambdaHttpResult {
  const binary = Buffer.isBuffer(response.body);
  const body = binary ? (response.body as Buffer).toString('base64') : String(response.body);
  if (isV1Event(event)) {
    const result: APIGatewayProxyResult = {
      statusCode: response.status,
      headers: { ...response.headers },
      body,
      isBase64Encoded: binary,
    };
    return result;
  }
  const result: APIGatewayProxyStructuredResultV2 = {
    statusCode: response.status,
    headers: { ...response.headers },
    body,
    isBase64Encoded: binary,
  };
  return result;
}

/**
 * A JSON response with `content-type: application/json`.
 *
 * @example
 * ```ts
 * jsonResponse(400, { message: 'invalid request' });
 * ```
 */
function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): NormalizedResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export { jsonResponse, toLambdaResult };
