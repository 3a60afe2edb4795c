/**
 * `git-webhook` Lambda handler — a placeholder until its issue lands: signature checks and the hand-off to reconcile land with the git-webhook issue.
 *
 * It answers 501 (never a fake success) and already keeps the module-scope agent registry and
 * logger every handler holds, created lazily on the first invocation so importing the module
 * reads no environment.
 */
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { type AgentRegistry, createAgentRegistry } from '../../lib/http/index.js';
import { createLogger, type Logger } from '../../lib/log/index.js';

const NAME = 'git-webhook';

let pool: AgentRegistry | undefined;
let log: Logger | undefined;

/**
 * Answers 501 with `{ message }` and logs the invocation's pool counters.
 *
 * @example
 * ```ts
 * const res = await handler(event, context); // { statusCode: 501, body: '{"message":"git-webhook is not implemented yet"}' }
 * ```
 */
async function handler(
  _event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  pool ??= createAgentRegistry();
  log ??= createLogger({ service: NAME });
  pool.checkpoint();
  const message = `${NAME} is not implemented yet`;
  log.warn(message, { requestId: context.awsRequestId, pool: pool.delta() });
  return {
    statusCode: 501,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message }),
  };
}

export { handler };
