/**
 * Warm invocation latency of the sync-api handler: a no-op `PUT /sync` of examples/adc.yaml
 * (dump, diff, nothing to write) against the emulator, called directly with an HTTP API 2.0
 * event. Also the sockets those warm invocations opened (counted at the emulator).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { parse } from 'yaml';
import { handler, resetSyncApiHandler } from '../functions/sync-api/handler.js';
import { startEmulator } from '../lib/emulator/apisix-admin/index.js';
import type { BenchResult } from './types.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const WARMUP = 20;
const SAMPLES = 200;
const ADMIN_KEY = 'bench-admin-key';

function event(body: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'PUT /sync',
    rawPath: '/sync',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'bench.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'bench',
      http: {
        method: 'PUT',
        path: '/sync',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      requestId: 'bench',
      routeKey: 'PUT /sync',
      stage: '$default',
      time: '25/Nov/2026:12:00:00 +0000',
      timeEpoch: 0,
    },
    body,
    isBase64Encoded: false,
  };
}

const context = { awsRequestId: 'bench' } as Context;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function run(): Promise<BenchResult[]> {
  const previousLevel = process.env.APISYNC_LOG_LEVEL;
  process.env.APISYNC_LOG_LEVEL = 'silent';
  const apisix = await startEmulator({ adminKey: ADMIN_KEY });
  // The handler writes one EMF document per request to stdout; keep the bench table readable.
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    const config = parse(readFileSync(join(HERE, '../examples/adc.yaml'), 'utf8'));
    const body = JSON.stringify({
      task: {
        opts: { backend: 'apisix', server: [apisix.url], token: ADMIN_KEY, cacheKey: 'bench' },
        config,
      },
    });
    // The first call creates everything; the rest are warm no-ops.
    for (let i = 0; i < WARMUP; i++) await handler(event(body), context);
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const start = performance.now();
      const res = await handler(event(body), context);
      times.push(performance.now() - start);
      if (res.statusCode !== 202) throw new Error(`sync-api answered ${res.statusCode}`);
    }
    times.sort((a, b) => a - b);
    const note = `${SAMPLES} warm no-op PUT /sync of examples/adc.yaml (HTTP API 2.0 event, emulator on loopback)`;
    return [
      {
        suite: 'sync-api',
        name: 'warm no-op /sync p50',
        value: Number(percentile(times, 50).toFixed(2)),
        unit: 'ms',
        target: '< 50 ms',
        note,
      },
      {
        suite: 'sync-api',
        name: 'warm no-op /sync p95',
        value: Number(percentile(times, 95).toFixed(2)),
        unit: 'ms',
        target: '< 100 ms',
        note,
      },
      {
        suite: 'sync-api',
        name: 'sockets for all invocations',
        value: apisix.connections.length,
        unit: 'sockets',
        target: '<= 8 (concurrency)',
        note: `${WARMUP + SAMPLES} invocations`,
      },
    ];
  } finally {
    process.stdout.write = write;
    resetSyncApiHandler();
    await apisix.close();
    if (previousLevel === undefined) delete process.env.APISYNC_LOG_LEVEL;
    else process.env.APISYNC_LOG_LEVEL = previousLevel;
  }
}

export { run };
