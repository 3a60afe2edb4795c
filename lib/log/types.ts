/**
 * The logging contract every module codes against. `lib/log` implements it with structured
 * JSON lines (one object per line: `level`, `message`, `timestamp`, `service`, fields), and
 * redacts secrets from every field before writing.
 *
 * @example
 * ```ts
 * logger.info('sync done', { target: 'prod', writes: 12 });
 * const child = logger.child({ requestId: ctx.awsRequestId });
 * ```
 */
type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

type LogFields = Record<string, unknown>;

interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export type { LogFields, Logger, LogLevel };
