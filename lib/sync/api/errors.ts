/**
 * Thrown errors → the sync API's status and body. Before any write, the Admin API being
 * unreachable is a 502 and a timeout a 504 (the caller can retry: nothing was changed); a 401 or
 * 403 from the Admin API is a 502 that says the gateway rejected the admin key (never the key).
 * Configuration problems are a 400 with every issue. Anything else is a bare 500: no stack trace,
 * no internal message.
 *
 * @example
 * ```ts
 * const { status, body } = errorToResponse(err); // 502, { message: 'Cannot reach the Admin API …' }
 * ```
 */
import {
  AdminApiError,
  ConfigError,
  type ConfigIssue,
  HttpError,
  NetworkError,
  TimeoutError,
} from '../../errors.js';
import { redactString } from '../../log/redact.js';
import type { ApiIssue } from './schema.js';

interface ErrorReply {
  status: number;
  body: { message: string; errors?: ApiIssue[]; [key: string]: unknown };
  /** A short machine-readable kind for logs and metrics. */
  kind: string;
}

/**
 * A config issue as ADC reports it (`code`, `path` relative to `config`, `message`), with the
 * resource it belongs to when known.
 *
 * @example
 * ```ts
 * toApiIssue({ path: ['services', 0, 'name'], message: 'Required', code: 'invalid_type' });
 * ```
 */
function toApiIssue(issue: ConfigIssue): ApiIssue {
  const out: ApiIssue = { code: issue.code ?? 'invalid', path: issue.path, message: issue.message };
  if (issue.resourceType !== undefined) out.resourceType = issue.resourceType;
  if (issue.resourceName !== undefined) out.resourceName = issue.resourceName;
  return out;
}

/**
 * The 400 body for a list of issues: a one-line message and every issue.
 *
 * @example
 * ```ts
 * invalidBody('configuration', issues).message; // 'Invalid configuration: 2 problems; first at services.0.routes.0.uris: Required'
 * ```
 */
function invalidBody(what: string, issues: ApiIssue[]): { message: string; errors: ApiIssue[] } {
  const first = issues[0];
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  const detail = first ? `; first${where}: ${first.message}` : '';
  return { message: redactString(`Invalid ${what}: ${count}${detail}`), errors: issues };
}

function adminApiReply(err: AdminApiError): ErrorReply {
  const where = `${err.method} ${err.url}`;
  if (err.status === 401 || err.status === 403) {
    return {
      status: 502,
      kind: 'admin_key_rejected',
      body: {
        message: redactString(
          `The Admin API rejected the admin key (${where} answered ${err.status}): check opts.token`,
        ),
      },
    };
  }
  const detail = err.errorMsg ? `: ${err.errorMsg}` : '';
  return {
    status: 502,
    kind: 'admin_api_error',
    body: {
      message: redactString(
        `The Admin API answered ${err.status} before any write (${where}${detail})`,
      ),
    },
  };
}

/**
 * Maps any thrown error to a reply; see the module comment.
 *
 * @example
 * ```ts
 * errorToResponse(new TimeoutError({ method: 'GET', url, timeoutMs: 10_000 })).status; // 504
 * ```
 */
function errorToResponse(err: unknown): ErrorReply {
  if (err instanceof ConfigError) {
    return {
      status: 400,
      kind: 'lint',
      body: invalidBody('configuration', err.issues.map(toApiIssue)),
    };
  }
  if (err instanceof HttpError) {
    const body = err.toJSON() as ErrorReply['body'];
    return { status: err.statusCode, kind: `http_${err.statusCode}`, body };
  }
  if (err instanceof TimeoutError) {
    const message = `The Admin API did not answer in time before any write: ${err.message}`;
    return { status: 504, kind: 'admin_api_timeout', body: { message: redactString(message) } };
  }
  if (err instanceof NetworkError) {
    const message = `Cannot reach the Admin API before any write: ${err.message}`;
    return { status: 502, kind: 'admin_api_unreachable', body: { message: redactString(message) } };
  }
  if (err instanceof AdminApiError) return adminApiReply(err);
  return { status: 500, kind: 'internal', body: { message: 'Internal error' } };
}

export type { ErrorReply };
export { errorToResponse, invalidBody, toApiIssue };
