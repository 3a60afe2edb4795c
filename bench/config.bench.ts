/**
 * Benchmark: load + lint a generated ~5 MB ADC configuration of 1,000 services × 5 routes
 * (YAML, one file), then map it to Admin API resources. Reports wall-clock times.
 *
 * A valid file takes the fast path (js-yaml, no positions). The last figure is the error path:
 * the same file with one invalid route, where positions are computed (a `yaml` parse of the
 * file) to report the issue's line and column.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfigFiles, safeLint, toResources } from '../lib/config/index.js';
import type { BenchResult } from './types.js';

const SERVICES = 1000;
const ROUTES = 5;

const route = (s: number, r: number): string => `      - name: route-${r}
        description: Route ${r} of service ${s}, generated for the configuration benchmark
        uris: [/svc-${s}/r-${r}, /svc-${s}/r-${r}/*]
        methods: [GET, POST, PUT]
        hosts: [svc-${s}.example.com]
        priority: ${r}
        labels: { team: team-${s % 10}, tier: gold }
        plugins:
          limit-count: { count: ${100 + r}, time_window: 60, key: remote_addr, rejected_code: 429 }
          proxy-rewrite: { regex_uri: ["^/svc-${s}/r-${r}/(.*)", "/$1"], headers: { set: { X-Route: r-${r} } } }
          response-rewrite: { headers: { set: { X-Served-By: service-${s}, Cache-Control: "no-store, max-age=0" } } }
          cors: { allow_origins: "https://app-${s}.example.com", allow_methods: "GET,POST,PUT", max_age: 3600 }
        vars: [[http_x_tenant, "==", tenant-${s}], [arg_version, "~~", "^v[0-9]+$"]]
        timeout: { connect: 3, send: 10, read: 10 }
`;

const service = (s: number): string => `  - name: service-${s}
    description: Service ${s}, generated for the configuration benchmark
    labels: { team: team-${s % 10}, env: prod }
    upstream:
      type: roundrobin
      scheme: http
      nodes:
        - { host: backend-${s}-a.internal, port: 8080, weight: 100 }
        - { host: backend-${s}-b.internal, port: 8080, weight: 100 }
      timeout: { connect: 2, send: 5, read: 5 }
      checks:
        active: { http_path: /healthz, healthy: { interval: 2, successes: 2 }, unhealthy: { interval: 1, http_failures: 3 } }
    routes:
${Array.from({ length: ROUTES }, (_, r) => route(s, r)).join('')}`;

const generate = (): string =>
  `services:\n${Array.from({ length: SERVICES }, (_, s) => service(s)).join('')}`;

/** Times load + lint of `text` written as `adc.yaml` in `dir`; returns the stage times. */
const measure = async (dir: string, text: string) => {
  await writeFile(path.join(dir, 'adc.yaml'), text);
  const t0 = performance.now();
  const loaded = await loadConfigFiles(['adc.yaml'], { cwd: dir, env: {} });
  const t1 = performance.now();
  const linted = safeLint(loaded.config, { sources: loaded.sources });
  const t2 = performance.now();
  return { linted, load: t1 - t0, lint: t2 - t1 };
};

const run = async (): Promise<BenchResult[]> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'apisync-bench-config-'));
  try {
    const text = generate();
    const megabytes = Buffer.byteLength(text) / (1024 * 1024);
    const valid = await measure(dir, text);
    if (!valid.linted.success) throw new Error('the generated configuration does not lint');
    const t2 = performance.now();
    const resources = toResources(valid.linted.config);
    const t3 = performance.now();
    // One bad method in the last service: the issue must still carry its line and column.
    const bad = 'methods: [GET, POST, PUT]';
    const at = text.lastIndexOf(bad);
    const broken = await measure(
      dir,
      `${text.slice(0, at)}methods: [GET, FETCH]${text.slice(at + bad.length)}`,
    );
    const issue = broken.linted.success ? undefined : broken.linted.issues[0];
    const note = `${SERVICES} services × ${ROUTES} routes, ${megabytes.toFixed(1)} MiB YAML, ${resources.length} resources`;
    const result = (name: string, ms: number): BenchResult => ({
      suite: 'config',
      name,
      value: Math.round(ms),
      unit: 'ms',
      note,
    });
    return [
      result('load (read, parse, env, merge)', valid.load),
      result('lint', valid.lint),
      { ...result('load + lint', valid.load + valid.lint), target: '< 1500 ms' },
      result('toResources', t3 - t2),
      {
        ...result('load + lint, one issue located', broken.load + broken.lint),
        note: issue?.line ? `${note}; issue at line ${issue.line}` : 'issue NOT located',
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

export { run };
