/**
 * The few typed errors apisync throws across module boundaries.
 *
 * Every error sets `name`, accepts `{ cause }`, and never carries secret material in its
 * message: callers pass URLs without `api_key` query strings and bodies through
 * `lib/log`'s redaction before they reach an error.
 *
 * @example
 * ```ts
 * try { await client.put('/apisix/admin/routes/r1', body); }
 * catch (err) { if (err instanceof AdminApiError) console.log(err.status, err.errorMsg); }
 * ```
 */

/** Base class of every apisync error. */
class ApisyncError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem found in a configuration, located as precisely as the input allows. */
interface ConfigIssue {
  /** File the resource came from, relative to the working directory; absent for HTTP input. */
  file?: string;
  /** 1-based line and column in `file`, when known. */
  line?: number;
  column?: number;
  /** ADC resource type (`service`, `route`, `consumer`, …) and its name, when known. */
  resourceType?: string;
  resourceName?: string;
  /** Field path from the document root (HTTP: relative to `config`), e.g. `['services', 0, 'routes', 0, 'uris']`. */
  path: (string | number)[];
  message: string;
  /** Machine-readable code (zod issue code or an apisync code such as `duplicate`, `env_unset`). */
  code?: string;
}

/** The configuration cannot be used: every issue found, not just the first. */
class ConfigError extends ApisyncError {
  readonly issues: ConfigIssue[];
  constructor(message: string, issues: ConfigIssue[], options?: ErrorOptions) {
    super(message, options);
    this.issues = issues;
  }
}

/** The Admin API (or another HTTP peer) answered with a non-2xx status. */
class AdminApiError extends ApisyncError {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** APISIX's `error_msg` (or `message`) when the body carried one. */
  readonly errorMsg?: string;
  /** The response body, truncated to a bounded size. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  constructor(
    init: {
      method: string;
      url: string;
      status: number;
      errorMsg?: string;
      body?: unknown;
      headers?: Record<string, string>;
    },
    options?: ErrorOptions,
  ) {
    const detail = init.errorMsg ? `: ${init.errorMsg}` : '';
    super(`${init.method} ${init.url} responded ${init.status}${detail}`, options);
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.errorMsg = init.errorMsg;
    this.body = init.body;
    this.headers = init.headers;
  }
}

/** The request never got an HTTP answer (refused, reset, DNS, TLS handshake, …). */
class NetworkError extends ApisyncError {
  readonly method: string;
  readonly url: string;
  /** Node's error code, e.g. `ECONNREFUSED`, `ECONNRESET`, `CERT_HAS_EXPIRED`. */
  readonly code?: string;
  constructor(
    init: { method: string; url: string; code?: string; message?: string },
    options?: ErrorOptions,
  ) {
    const why = init.message ?? init.code ?? 'network error';
    super(`${init.method} ${init.url} failed: ${why}`, options);
    this.method = init.method;
    this.url = init.url;
    this.code = init.code;
  }
}

/** The request got no complete answer within its timeout. */
class TimeoutError extends ApisyncError {
  readonly method: string;
  readonly url: string;
  readonly timeoutMs: number;
  constructor(init: { method: string; url: string; timeoutMs: number }, options?: ErrorOptions) {
    super(
      `${init.method} ${init.url} timed out after ${init.timeoutMs} ms (raise the timeout: --timeout, opts.timeout or the target's timeoutMs)`,
      options,
    );
    this.method = init.method;
    this.url = init.url;
    this.timeoutMs = init.timeoutMs;
  }
}

/**
 * An error a handler maps to an HTTP status. Anything that is not an `HttpError` becomes a
 * bare 500 without details.
 */
class HttpError extends ApisyncError {
  readonly statusCode: number;
  readonly details?: Record<string, unknown>;
  constructor(
    statusCode: number,
    message: string,
    details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.statusCode = statusCode;
    this.details = details;
  }
  toJSON(): Record<string, unknown> {
    return { message: this.message, ...this.details };
  }
}

export type { ConfigIssue };
export { AdminApiError, ApisyncError, ConfigError, HttpError, NetworkError, TimeoutError };
