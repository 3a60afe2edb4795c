/**
 * Structured JSON logger: one object per line, fields redacted before they are written.
 *
 * The line shape follows Powertools Logger (`level` upper-case, `message`, `timestamp`,
 * `service`, then fields) so CloudWatch Logs Insights queries written for Powertools work, but
 * it is a small writer of its own: a `sink` lets tests capture lines, `silent` turns it off,
 * and nothing is read from the environment until `createLogger` is called.
 */

import { redact } from './redact.js';
import type { LogFields, Logger, LogLevel } from './types.js';

/** Where a finished line goes; the default writes it to stdout with a newline. */
type LogSink = (line: string) => void;

interface LoggerOptions {
  /** Service name on every line (Powertools' `service`). */
  service: string;
  /** Default: env `APISYNC_LOG_LEVEL`, then `POWERTOOLS_LOG_LEVEL`, then `info`. */
  level?: LogLevel;
  sink?: LogSink;
  /** Fields added to every line. */
  fields?: LogFields;
  /** Environment to read the level from (default `process.env`, read once here). */
  env?: Record<string, string | undefined>;
  /** Clock for `timestamp` (tests). */
  now?: () => Date;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Parses a level name case-insensitively (`WARN`, `warning`, `critical` are accepted).
 *
 * @example
 * ```ts
 * parseLogLevel('WARNING'); // 'warn'
 * parseLogLevel('verbose'); // undefined
 * ```
 */
function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const name = value?.trim().toLowerCase();
  if (!name) {
    return undefined;
  }
  if (name === 'warning') {
    return 'warn';
  }
  if (name === 'critical' || name === 'fatal') {
    return 'error';
  }
  if (name === 'trace') {
    return 'debug';
  }
  return name in RANK ? (name as LogLevel) : undefined;
}

function levelFromEnv(env: Record<string, string | undefined>): LogLevel {
  return parseLogLevel(env.APISYNC_LOG_LEVEL) ?? parseLogLevel(env.POWERTOOLS_LOG_LEVEL) ?? 'info';
}

function stdoutSink(line: string): void {
  process.stdout.write(`${line}\n`);
}

interface LoggerState {
  service: string;
  threshold: number;
  sink: LogSink;
  now: () => Date;
}

function writeLine(
  state: LoggerState,
  level: Exclude<LogLevel, 'silent'>,
  message: string,
  fields: LogFields,
): void {
  if (RANK[level] < state.threshold) {
    return;
  }
  const fixed = {
    level: level.toUpperCase(),
    message: redact(message),
    timestamp: state.now().toISOString(),
    service: state.service,
  };
  // Fixed keys come first in the line and a field can never overwrite them.
  state.sink(JSON.stringify(Object.assign({ ...fixed }, redact(fields), fixed)));
}

function build(state: LoggerState, bound: LogFields): Logger {
  const emit =
    (level: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields?: LogFields): void =>
      writeLine(state, level, message, fields ? { ...bound, ...fields } : bound);
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields: LogFields) => build(state, { ...bound, ...fields }),
  };
}

/**
 * Creates a JSON-lines logger. The level is fixed at creation (from `level`, else the env).
 *
 * @example
 * ```ts
 * const logger = createLogger({ service: 'sync-api' });
 * logger.child({ requestId: context.awsRequestId }).info('sync done', { writes: 3 });
 * // {"level":"INFO","message":"sync done","timestamp":"…","service":"sync-api","requestId":"…","writes":3}
 * ```
 */
function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? levelFromEnv(options.env ?? process.env);
  const state: LoggerState = {
    service: options.service,
    threshold: RANK[level],
    sink: options.sink ?? stdoutSink,
    now: options.now ?? (() => new Date()),
  };
  return build(state, options.fields ?? {});
}

export type { LoggerOptions, LogSink };
export { createLogger, parseLogLevel };
