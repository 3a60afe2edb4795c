/**
 * A loopback AWS Secrets Manager stand-in for tests: a `node:http` server speaking the real
 * JSON 1.1 protocol (`POST /`, `x-amz-target: secretsmanager.<Operation>`,
 * `application/x-amz-json-1.1`), so the real `@aws-sdk/client-secrets-manager` talks to it
 * unchanged through `AWS_ENDPOINT_URL_SECRETS_MANAGER` or the `endpoint` option.
 *
 * It implements `GetSecretValue` (by name, full ARN or partial ARN; `VersionId`/`VersionStage`),
 * keeps `AWSCURRENT`/`AWSPREVIOUS` across rotations, records every request, and injects faults
 * (a 500 `InternalServiceError` or a `ThrottlingException` the SDK retries, or any other).
 * It checks that requests are SigV4-signed for `secretsmanager` but does not verify signatures.
 *
 * @example
 * ```ts
 * const sm = await startSecretsManagerStandIn();
 * sm.putSecret('apisix/admin', JSON.stringify({ key: 'k1' }));
 * const value = await sm.client().send(new GetSecretValueCommand({ SecretId: 'apisix/admin' }));
 * await sm.close();
 * ```
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretStore } from './secrets-manager-store.js';

/** An error answer the stand-in returns instead of serving the request. */
interface SecretsManagerFault {
  status: number;
  type: string;
  message?: string;
}

/** One request the stand-in received (after signature checks). */
interface RecordedRequest {
  operation: string;
  secretId?: string;
  /** From `amz-sdk-request: attempt=N; max=M`; shows SDK retries. */
  attempt?: number;
}

interface SecretsManagerStandIn {
  /** `http://127.0.0.1:<port>`: the value for `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  readonly endpoint: string;
  readonly region: string;
  readonly requests: RecordedRequest[];
  /** Creates a secret, or rotates it: a new `AWSCURRENT` version, the old one `AWSPREVIOUS`. */
  putSecret(name: string, value: string | Uint8Array): { arn: string; versionId: string };
  deleteSecret(name: string): void;
  arnOf(name: string): string;
  /** Requests for `operation` (default `GetSecretValue`), optionally for one `SecretId`. */
  count(operation?: string, secretId?: string): number;
  /** Answers the next `times` requests with `fault`. */
  fail(fault: SecretsManagerFault, times?: number): void;
  /** A real SDK client pointed at the stand-in with static test credentials. */
  client(config?: { maxAttempts?: number }): SecretsManagerClient;
  close(): Promise<void>;
}

const FAULTS = {
  internal: {
    status: 500,
    type: 'InternalServiceError',
    message: 'An error occurred on the server side.',
  },
  throttling: { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' },
  accessDenied: {
    status: 400,
    type: 'AccessDeniedException',
    message: 'User is not authorized to perform: secretsmanager:GetSecretValue',
  },
} as const satisfies Record<string, SecretsManagerFault>;

const JSON_11 = 'application/x-amz-json-1.1';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': JSON_11,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

function sendError(res: ServerResponse, fault: SecretsManagerFault): void {
  send(res, fault.status, { __type: fault.type, Message: fault.message ?? fault.type });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseAttempt(header: string | string[] | undefined): number | undefined {
  const m = typeof header === 'string' ? /attempt=(\d+)/.exec(header) : null;
  return m?.[1] ? Number(m[1]) : undefined;
}

/** Protocol checks the real service makes before it looks at the operation. */
function protocolFault(req: IncomingMessage): SecretsManagerFault | undefined {
  const auth = req.headers.authorization ?? '';
  if (
    !/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/secretsmanager\/aws4_request/.test(
      auth,
    )
  ) {
    return {
      status: 400,
      type: 'IncompleteSignatureException',
      message: 'missing or malformed SigV4',
    };
  }
  if (req.method !== 'POST' || req.url !== '/') {
    return { status: 404, type: 'UnknownOperationException', message: `${req.method} ${req.url}` };
  }
  if (!String(req.headers['content-type']).startsWith(JSON_11)) {
    return { status: 400, type: 'SerializationException', message: 'expected x-amz-json-1.1' };
  }
  return undefined;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const doc: unknown = JSON.parse(text);
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc)
      ? (doc as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The request handler: protocol checks, recording, fault injection, then the operation. */
function createHandler(
  store: SecretStore,
  requests: RecordedRequest[],
  faults: SecretsManagerFault[],
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const body = await readBody(req);
    const early = protocolFault(req);
    if (early) return sendError(res, early);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('secretsmanager.') ? target.slice(15) : target;
    const input = parseJsonObject(body);
    const secretId = typeof input?.SecretId === 'string' ? input.SecretId : undefined;
    requests.push({ operation, secretId, attempt: parseAttempt(req.headers['amz-sdk-request']) });
    const fault = faults.shift();
    if (fault) return sendError(res, fault);
    if (!input) return sendError(res, { status: 400, type: 'SerializationException' });
    if (operation !== 'GetSecretValue') {
      return sendError(res, { status: 400, type: 'UnknownOperationException', message: target });
    }
    const out = store.getSecretValue(input);
    if ('fault' in out) return sendError(res, out.fault);
    send(res, 200, out.body);
  };
}

/**
 * Starts the stand-in on a free loopback port.
 *
 * @example
 * ```ts
 * const sm = await startSecretsManagerStandIn();
 * process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.endpoint;
 * ```
 */
async function startSecretsManagerStandIn(
  options: { region?: string; accountId?: string } = {},
): Promise<SecretsManagerStandIn> {
  const region = options.region ?? 'us-east-1';
  const store = new SecretStore(region, options.accountId ?? '123456789012');
  const requests: RecordedRequest[] = [];
  const faults: SecretsManagerFault[] = [];

  const handle = createHandler(store, requests, faults);
  const server = createServer((req, res) => {
    handle(req, res).catch(() => sendError(res, FAULTS.internal));
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: SecretsManagerClient[] = [];

  return {
    endpoint,
    region,
    requests,
    putSecret: (name, value) => store.put(name, value),
    deleteSecret: (name) => store.delete(name),
    arnOf: (name) => store.arnOf(name),
    count: (operation = 'GetSecretValue', secretId) =>
      requests.filter(
        (r) => r.operation === operation && (secretId === undefined || r.secretId === secretId),
      ).length,
    fail: (fault, times = 1) => {
      for (let i = 0; i < times; i += 1) faults.push(fault);
    },
    client: (config = {}) => {
      const client = new SecretsManagerClient({
        endpoint,
        region,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        ...config,
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      for (const client of clients) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((ok, ko) => server.close((err) => (err ? ko(err) : ok())));
    },
  };
}

export type { RecordedRequest, SecretsManagerFault, SecretsManagerStandIn };
export { FAULTS, startSecretsManagerStandIn };
