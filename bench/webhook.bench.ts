// git-webhook latency: the handler called directly with API Gateway HTTP API events (base64
// bodies, as API Gateway sends them), handing off to a loopback Lambda Invoke API stand-in through
// the real SDK. Measures a valid GitHub push (verify + parse + async invoke), a forged one
// (refused at the signature) and a replay (answered from the delivery cache). Warm environment:
// the first requests (client creation, secret reads) are excluded.
import { randomBytes } from 'node:crypto';
import { clearCaches, handler } from '../functions/git-webhook/handler.js';
import { clearSecretCaches } from '../lib/secrets/index.js';
import { delivery, githubBranchPush } from '../test/fixtures/webhook/deliveries.js';
import { httpApiEvent } from '../test/fixtures/webhook/events.js';
import { createContext } from '../test/helpers/context.js';
import { startLambdaApi } from '../test/support/lambda-api.js';
import type { BenchResult } from './types.js';

const WARMUP = 20;
const RUNS = 300;
const SECRET = randomBytes(24).toString('hex');
const ENV: Record<string, string> = {
  AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'bench',
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'bench',
  APISYNC_LOG_LEVEL: 'silent',
  APISYNC_RECONCILE_FUNCTION: 'apisync-reconcile',
  APISYNC_BENCH_WEBHOOK_SECRET: SECRET,
  APISYNC_TARGETS: JSON.stringify([
    {
      name: 'bench',
      servers: ['http://127.0.0.1:9180'],
      source: { type: 'github', url: 'https://github.com/Codertocat/Hello-World', ref: 'master' },
      webhook: { provider: 'github', secrets: ['env:APISYNC_BENCH_WEBHOOK_SECRET'] },
    },
  ]),
};

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** A push with a unique head commit, so each one is a new delivery and a new body. */
function uniquePush(i: number, secret = SECRET) {
  const sha = randomBytes(20).toString('hex');
  return delivery('github', { body: { ...githubBranchPush(), after: sha, bench: i }, secret });
}

async function time(
  make: (i: number) => ReturnType<typeof uniquePush>,
  expected: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i += 1) {
    const event = httpApiEvent('/webhook/bench', make(i));
    const start = process.hrtime.bigint();
    const res = await handler(event, createContext({ functionName: 'git-webhook' }));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (res.statusCode !== expected) throw new Error(`expected ${expected}, got ${res.statusCode}`);
    if (i >= WARMUP) samples.push(ms);
  }
  return samples;
}

function results(name: string, samples: number[], target?: string): BenchResult[] {
  const note = `${samples.length} requests after ${WARMUP} warm-up`;
  return [
    {
      suite: 'webhook',
      name: `${name} p50`,
      value: percentile(samples, 50),
      unit: 'ms',
      note,
      ...(target ? { target } : {}),
    },
    { suite: 'webhook', name: `${name} p95`, value: percentile(samples, 95), unit: 'ms', note },
  ];
}

async function run(): Promise<BenchResult[]> {
  const lambda = await startLambdaApi({ functions: ['apisync-reconcile'] });
  const saved = Object.fromEntries(
    [...Object.keys(ENV), 'AWS_ENDPOINT_URL_LAMBDA'].map((k) => [k, process.env[k]]),
  );
  Object.assign(process.env, ENV, { AWS_ENDPOINT_URL_LAMBDA: lambda.url });
  try {
    const valid = await time((i) => uniquePush(i), 202);
    if (lambda.invocations.length !== WARMUP + RUNS) throw new Error('hand-off count mismatch');
    const forged = await time((i) => uniquePush(i, 'forged'), 401);
    const replayed = uniquePush(-1);
    const first = await handler(httpApiEvent('/webhook/bench', replayed), createContext());
    if (first.statusCode !== 202) throw new Error(`expected 202, got ${first.statusCode}`);
    const duplicate = await time(() => replayed, 200);
    return [
      ...results('valid push → 202 (verify + async invoke)', valid, '< 1000 ms'),
      ...results('forged push → 401', forged),
      ...results('replayed push → 200 duplicate', duplicate),
    ];
  } finally {
    clearCaches();
    clearSecretCaches();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await lambda.close();
  }
}

export { run };
