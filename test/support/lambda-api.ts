/**
 * A loopback stand-in for the Lambda Invoke API, spoken to by the real `@aws-sdk/client-lambda`
 * (point it here with `AWS_ENDPOINT_URL_LAMBDA` or the client's `endpoint` option).
 *
 * Wire protocol (REST-JSON, API version 2015-03-31):
 * - `POST /2015-03-31/functions/<FunctionName>/invocations[?Qualifier=…]`, body = the payload.
 * - `X-Amz-Invocation-Type`: `Event` → 202 with an empty body (queued); `RequestResponse`
 *   (default) → 200 with the function's result, `X-Amz-Executed-Version: $LATEST`;
 *   `DryRun` → 204.
 * - An unknown function → 404 with `x-amzn-ErrorType: ResourceNotFoundException` and
 *   `{ Type: 'User', message }`, which the SDK turns into its modelled exception.
 *
 * Every invocation is recorded (function name, type, qualifier, payload) so a test can assert
 * exactly what was handed off. SigV4 is not checked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

type InvocationType = 'Event' | 'RequestResponse' | 'DryRun';

interface Invocation {
  functionName: string;
  invocationType: InvocationType;
  qualifier?: string;
  /** The payload parsed as JSON (the raw text when it is not JSON). */
  payload: unknown;
  rawPayload: string;
}

interface LambdaApiOptions {
  /** Names of functions that exist; any other name answers ResourceNotFoundException. */
  functions: readonly string[];
  /** The result of a RequestResponse invoke (default `null`). */
  respond?: (invocation: Invocation) => unknown;
  /**
   * Makes the next `n` invokes fail with this status and error type before recording them
   * (e.g. `{ count: 1, status: 500, type: 'ServiceException' }`).
   */
  fail?: { count: number; status: number; type: string };
}

interface LambdaApi {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  invocations: Invocation[];
  /** Requests seen, including failed and unknown-function ones. */
  requests: number;
  /** Failure injection, settable between tests (see `LambdaApiOptions.fail`). */
  fail?: { count: number; status: number; type: string };
  close(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': type,
    'x-amzn-requestid': 'stand-in',
  });
  res.end(JSON.stringify({ Type: status < 500 ? 'User' : 'Service', message }));
}

function parsePayload(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function invocationType(req: IncomingMessage): InvocationType {
  const value = req.headers['x-amz-invocation-type'];
  return value === 'Event' || value === 'DryRun' ? value : 'RequestResponse';
}

async function handle(
  api: LambdaApi,
  options: LambdaApiOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  api.requests += 1;
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const match = INVOKE_PATH.exec(url.pathname);
  const rawPayload = await readBody(req);
  if (req.method !== 'POST' || !match?.[1]) {
    sendError(res, 404, 'UnknownOperationException', `no route for ${req.method} ${url.pathname}`);
    return;
  }
  const functionName = decodeURIComponent(match[1]);
  const fail = api.fail;
  if (fail && fail.count > 0) {
    fail.count -= 1;
    sendError(res, fail.status, fail.type, 'injected failure');
    return;
  }
  if (!options.functions.includes(functionName)) {
    sendError(res, 404, 'ResourceNotFoundException', `Function not found: ${functionName}`);
    return;
  }
  const invocation: Invocation = {
    functionName,
    invocationType: invocationType(req),
    payload: parsePayload(rawPayload),
    rawPayload,
  };
  const qualifier = url.searchParams.get('Qualifier');
  if (qualifier) invocation.qualifier = qualifier;
  api.invocations.push(invocation);
  respond(res, invocation, options);
}

function respond(res: ServerResponse, invocation: Invocation, options: LambdaApiOptions): void {
  const headers = { 'x-amzn-requestid': 'stand-in' };
  if (invocation.invocationType === 'Event') {
    res.writeHead(202, headers).end();
  } else if (invocation.invocationType === 'DryRun') {
    res.writeHead(204, headers).end();
  } else {
    const result = JSON.stringify(options.respond?.(invocation) ?? null);
    res
      .writeHead(200, {
        ...headers,
        'content-type': 'application/json',
        'x-amz-executed-version': '$LATEST',
      })
      .end(result);
  }
}

/**
 * Starts the stand-in on a free loopback port.
 *
 * @example
 * ```ts
 * const lambda = await startLambdaApi({ functions: ['apisync-reconcile'] });
 * process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.url;
 * // … invoke …
 * expect(lambda.invocations).toHaveLength(1);
 * await lambda.close();
 * ```
 */
async function startLambdaApi(options: LambdaApiOptions): Promise<LambdaApi> {
  const server: Server = createServer();
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stand-in has no port');
  const { port } = address;
  const api: LambdaApi = {
    url: `http://127.0.0.1:${port}`,
    invocations: [],
    requests: 0,
    ...(options.fail ? { fail: { ...options.fail } } : {}),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  server.on('request', (req, res) => {
    handle(api, options, req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'ServiceException', 'stand-in failure');
    });
  });
  return api;
}

export type { Invocation, InvocationType, LambdaApi, LambdaApiOptions };
export { startLambdaApi };
