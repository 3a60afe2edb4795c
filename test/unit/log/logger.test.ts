import { describe, expect, it } from 'vitest';
import { createLogger, parseLogLevel } from '../../../lib/log/logger.js';
import { createMetrics } from '../../../lib/log/metrics.js';

function capture() {
  const lines: string[] = [];
  return {
    lines,
    sink: (line: string) => lines.push(line),
    parsed: () => lines.map((l) => JSON.parse(l)),
  };
}

const fixedNow = () => new Date('2026-11-25T00:00:00.000Z');

describe('createLogger', () => {
  it('writes one JSON object per line with level, message, timestamp, service and fields', () => {
    // Prepare
    const out = capture();
    const logger = createLogger({
      service: 'sync-api',
      level: 'debug',
      sink: out.sink,
      now: fixedNow,
    });

    // Act
    logger.info('sync done', { writes: 3 });

    // Assess
    expect(out.lines).toEqual([
      '{"level":"INFO","message":"sync done","timestamp":"2026-11-25T00:00:00.000Z","service":"sync-api","writes":3}',
    ]);
  });

  it('adds child fields to every line and lets call fields override them', () => {
    const out = capture();
    const logger = createLogger({ service: 's', level: 'info', sink: out.sink }).child({
      requestId: 'r1',
      a: 1,
    });
    logger.warn('x', { a: 2 });
    expect(out.parsed()[0]).toMatchObject({ level: 'WARN', requestId: 'r1', a: 2 });
  });

  it('never lets a field overwrite level, message, timestamp or service', () => {
    const out = capture();
    createLogger({ service: 's', level: 'info', sink: out.sink }).info('m', {
      level: 'DEBUG',
      service: 'x',
    });
    expect(out.parsed()[0]).toMatchObject({ level: 'INFO', service: 's', message: 'm' });
  });

  it('redacts secrets in fields and in the message', () => {
    const out = capture();
    const logger = createLogger({ service: 's', level: 'info', sink: out.sink });
    logger.error('GET /x?api_key=k9 failed', { headers: { Authorization: 'Bearer t0k' } });
    expect(out.lines[0]).not.toContain('k9');
    expect(out.lines[0]).not.toContain('t0k');
  });

  it.each([
    ['debug', 4],
    ['info', 3],
    ['warn', 2],
    ['error', 1],
    ['silent', 0],
  ] as const)('at level %s writes %i of the four levels', (level, expected) => {
    const out = capture();
    const logger = createLogger({ service: 's', level, sink: out.sink });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(out.lines).toHaveLength(expected);
  });

  it('reads the level from APISYNC_LOG_LEVEL before POWERTOOLS_LOG_LEVEL', () => {
    const out = capture();
    const env = { APISYNC_LOG_LEVEL: 'ERROR', POWERTOOLS_LOG_LEVEL: 'DEBUG' };
    const logger = createLogger({ service: 's', sink: out.sink, env });
    logger.warn('w');
    logger.error('e');
    expect(out.parsed().map((l) => l.level)).toEqual(['ERROR']);
  });

  it.each([
    ['WARNING', 'warn'],
    ['critical', 'error'],
    ['Info', 'info'],
    ['verbose', undefined],
    [undefined, undefined],
  ])('parses level name %s as %s', (input, expected) => {
    expect(parseLogLevel(input)).toBe(expected);
  });
});

describe('createMetrics', () => {
  it('writes an EMF document with the service dimension and every recorded value', () => {
    // Prepare
    const out = capture();
    const metrics = createMetrics({
      namespace: 'apisync',
      service: 'reconcile',
      sink: out.sink,
      now: () => 1_700_000_000_000,
    });

    // Act
    metrics.addMetric('Writes', 'Count', 2);
    metrics.addMetric('Writes', 'Count', 3);
    metrics.addMetric('Duration', 'Milliseconds', 120);
    metrics.addMetadata('requestId', 'r1');
    metrics.flush();

    // Assess
    expect(out.parsed()).toEqual([
      {
        _aws: {
          Timestamp: 1_700_000_000_000,
          CloudWatchMetrics: [
            {
              Namespace: 'apisync',
              Dimensions: [['service']],
              Metrics: [
                { Name: 'Writes', Unit: 'Count' },
                { Name: 'Duration', Unit: 'Milliseconds' },
              ],
            },
          ],
        },
        requestId: 'r1',
        service: 'reconcile',
        Writes: [2, 3],
        Duration: 120,
      },
    ]);
  });

  it('writes nothing when no metric was recorded, and starts fresh after a flush', () => {
    const out = capture();
    const metrics = createMetrics({ namespace: 'apisync', service: 's', sink: out.sink });
    metrics.flush();
    metrics.addMetric('A', 'Count', 1);
    metrics.flush();
    metrics.flush();
    expect(out.lines).toHaveLength(1);
  });

  it('splits more than 100 metrics over several documents', () => {
    const out = capture();
    const metrics = createMetrics({ namespace: 'apisync', service: 's', sink: out.sink });
    for (let i = 0; i < 150; i++) metrics.addMetric(`M${i}`, 'Count', i);
    metrics.flush();
    const docs = out.parsed();
    expect(docs.map((d) => d._aws.CloudWatchMetrics[0].Metrics.length)).toEqual([100, 50]);
  });
});
