/**
 * `lib/lambda`: the HTTP event adapter every HTTP-triggered handler shares. API Gateway REST
 * (payload 1.0), HTTP API (payload 2.0) and Lambda Function URL events become one
 * `NormalizedRequest` (lower-case headers, base64 decoded, stage stripped), and a
 * `NormalizedResponse` goes back in the shape of the event it answers.
 *
 * @example
 * ```ts
 * import { fromLambdaEvent, jsonResponse, toLambdaResult } from '../../lib/lambda/index.js';
 * const req = fromLambdaEvent(event);
 * return toLambdaResult(event, jsonResponse(200, { ok: true, path: req.path }));
 * ```
 */
export { fromLambdaEvent, isLambdaHttpEvent, LambdaEventError, stripStage } from './event.js';
export { jsonResponse, toLambdaResult } from './response.js';
export type {
  EventKind,
  LambdaHttpEvent,
  LambdaHttpResult,
  NormalizedRequest,
  NormalizedResponse,
} from './types.js';
