/**
 * CloudWatch Embedded Metric Format (EMF) writer.
 *
 * Lambda ships stdout to CloudWatch Logs, which turns EMF lines into metrics without an API
 * call. Hand-written (the format is one JSON object) so a sink can capture it in tests and the
 * bundle does not carry a second logger.
 * Format: docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

type MetricUnit =
  | 'Count'
  | 'Milliseconds'
  | 'Seconds'
  | 'Bytes'
  | 'Kilobytes'
  | 'Megabytes'
  | 'Percent'
  | 'None';

interface MetricsOptions {
  namespace: string;
  service: string;
  /** Extra dimensions on every metric, besides `service`. */
  dimensions?: Record<string, string>;
  /** Where a finished EMF document goes; default stdout. */
  sink?: (line: string) => void;
  now?: () => number;
}

interface Metrics {
  /** Records one value; several values of one metric in a flush become an EMF value array. */
  addMetric(name: string, unit: MetricUnit, value: number): void;
  /** Adds a dimension to the metrics recorded until the next flush. */
  addDimension(name: string, value: string): void;
  /** Non-dimension context written with the metrics (request id, target …). */
  addMetadata(key: string, value: string | number | boolean): void;
  /** Writes the recorded metrics (nothing when none) and starts a fresh set. */
  flush(): void;
}

/** EMF allows at most 100 metrics per document. */
const MAX_METRICS_PER_DOC = 100;
/** CloudWatch allows at most 30 dimensions per metric. */
const MAX_DIMENSIONS = 30;

interface Recorded {
  unit: MetricUnit;
  values: number[];
}

interface MetricsState {
  metrics: Map<string, Recorded>;
  dimensions: Record<string, string>;
  metadata: Record<string, string | number | boolean>;
}

function freshState(base: Record<string, string>): MetricsState {
  return { metrics: new Map(), dimensions: { ...base }, metadata: {} };
}

function documentFor(
  options: MetricsOptions,
  state: MetricsState,
  names: string[],
  timestamp: number,
): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: options.namespace,
          Dimensions: [Object.keys(state.dimensions)],
          Metrics: names.map((name) => ({ Name: name, Unit: state.metrics.get(name)?.unit })),
        },
      ],
    },
    ...state.metadata,
    ...state.dimensions,
  };
  for (const name of names) {
    const values = state.metrics.get(name)?.values ?? [];
    doc[name] = values.length === 1 ? values[0] : values;
  }
  return doc;
}

/**
 * Creates an EMF metrics recorder with `service` as its dimension.
 *
 * @example
 * ```ts
 * const metrics = createMetrics({ namespace: 'apisync', service: 'reconcile' });
 * metrics.addMetric('DriftedResources', 'Count', 3);
 * metrics.flush(); // one EMF JSON line on stdout
 * ```
 */
function createMetrics(options: MetricsOptions): Metrics {
  const base = { service: options.service, ...options.dimensions };
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  let state = freshState(base);
  return {
    addMetric(name, unit, value) {
      if (!Number.isFinite(value)) {
        return;
      }
      const recorded = state.metrics.get(name) ?? { unit, values: [] };
      recorded.values.push(value);
      state.metrics.set(name, recorded);
    },
    addDimension(name, value) {
      if (name in state.dimensions || Object.keys(state.dimensions).length < MAX_DIMENSIONS) {
        state.dimensions[name] = value;
      }
    },
    addMetadata(key, value) {
      state.metadata[key] = value;
    },
    flush() {
      const names = [...state.metrics.keys()];
      const timestamp = now();
      for (let i = 0; i < names.length; i += MAX_METRICS_PER_DOC) {
        sink(
          JSON.stringify(
            documentFor(options, state, names.slice(i, i + MAX_METRICS_PER_DOC), timestamp),
          ),
        );
      }
      state = freshState(base);
    },
  };
}

export type { Metrics, MetricsOptions, MetricUnit };
export { createMetrics };
