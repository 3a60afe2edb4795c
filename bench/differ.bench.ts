/**
 * Differ benchmark: 1,000 services, each with an inline upstream and 8 routes, plus 1,000
 * consumers (11,000 resources per side). Live is 3.13-shaped (timestamps, injected defaults,
 * nodes as a map); half of the routes changed. Reports the median of several runs.
 */
import { performance } from 'node:perf_hooks';
import type { Resource } from '../lib/config/resources-types.js';
import { diff } from '../lib/differ/index.js';

/** Same shape as `bench/types.ts` `BenchResult` (declared here until that file exists). */
interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

const SERVICES = 1_000;
const ROUTES_PER_SERVICE = 8;
const CONSUMERS = 1_000;
const RUNS = 7;
const LABELS = { 'managed-by': 'adc' };
const T = 1795562629;

function desiredSide(): Resource[] {
  const out: Resource[] = [];
  for (let s = 0; s < SERVICES; s += 1) {
    const id = `svc-${s}`;
    out.push({
      type: 'service',
      id,
      name: id,
      value: { name: id, upstream_id: id, labels: LABELS },
    });
    out.push({
      type: 'upstream',
      id,
      name: id,
      parentId: id,
      value: {
        name: id,
        nodes: [{ host: `10.0.${s % 250}.1`, port: 80, weight: 100 }],
        labels: LABELS,
      },
    });
    for (let r = 0; r < ROUTES_PER_SERVICE; r += 1) {
      const rid = `${id}.r${r}`;
      out.push({
        type: 'route',
        id: rid,
        name: `r${r}`,
        parentId: id,
        value: {
          name: `r${r}`,
          uris: [`/${id}/r${r}`],
          methods: ['GET', 'POST'],
          service_id: id,
          status: 1,
          labels: LABELS,
          plugins: { 'limit-count': { count: 100 + r, time_window: 60 }, cors: {} },
        },
      });
    }
  }
  for (let c = 0; c < CONSUMERS; c += 1) {
    const username = `user${c}`;
    out.push({
      type: 'consumer',
      id: username,
      name: username,
      value: { username, labels: LABELS, plugins: { 'key-auth': { key: `key-${c}` } } },
    });
  }
  return out;
}

const LIMIT_DEFAULTS = {
  policy: 'local',
  key_type: 'var',
  key: 'remote_addr',
  rejected_code: 503,
  show_limit_quota_header: true,
  allow_degradation: false,
};
const CORS_DEFAULTS = {
  allow_origins: '*',
  allow_methods: '*',
  allow_headers: '*',
  max_age: 5,
  allow_credential: false,
};

/** The 3.13 GET answer for a desired resource; every other route carries an older `count`. */
function liveOf(resource: Resource, index: number): Resource {
  const value: Record<string, unknown> = {
    ...resource.value,
    id: resource.id,
    create_time: T,
    update_time: T,
  };
  if (resource.type === 'route') {
    const plugins = resource.value.plugins as { 'limit-count': { count: number } };
    const count = plugins['limit-count'].count + (index % 2);
    value.priority = 0;
    value.plugins = {
      'limit-count': { ...LIMIT_DEFAULTS, count, time_window: 60 },
      cors: CORS_DEFAULTS,
    };
  } else if (resource.type === 'upstream') {
    const node = (resource.value.nodes as Array<{ host: string; port: number; weight: number }>)[0];
    Object.assign(value, {
      type: 'roundrobin',
      scheme: 'http',
      pass_host: 'pass',
      hash_on: 'vars',
    });
    value.nodes = node ? { [`${node.host}:${node.port}`]: node.weight } : {};
  }
  return { ...resource, value };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function run(): Promise<BenchResult[]> {
  const desired = desiredSide();
  const live = desired.map(liveOf);
  let events = diff(desired, live); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    events = diff(desired, live);
    times.push(performance.now() - start);
  }
  const updates = events.filter((e) => e.type === 'update').length;
  return [
    {
      suite: 'differ',
      name: `diff ${desired.length} resources (3.13-shaped live, ${updates} updates)`,
      value: Math.round(median(times) * 10) / 10,
      unit: 'ms',
      target: '< 200 ms on a 2-core box',
      note: `median of ${RUNS} runs; min ${Math.min(...times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
    },
  ];
}

export { run };
