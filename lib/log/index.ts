/**
 * Public surface of `lib/log`: structured JSON logging, EMF metrics and secret redaction.
 *
 * @example
 * ```ts
 * import { createLogger, redact } from '../log/index.js';
 * const logger = createLogger({ service: 'reconcile' });
 * logger.info('request', { headers: redact(headers) });
 * ```
 */
export type { LoggerOptions, LogSink } from './logger.js';
export { createLogger, parseLogLevel } from './logger.js';
export type { Metrics, MetricsOptions, MetricUnit } from './metrics.js';
export { createMetrics } from './metrics.js';
export { isSecretKey, REDACTED, redact, redactString, redactUrl } from './redact.js';
export type { LogFields, Logger, LogLevel } from './types.js';
