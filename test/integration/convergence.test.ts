/**
 * Convergence property (the differ issue's, run here where the backend lives): random valid
 * ADC configurations, synced to the emulator in 3.13 mode (defaults injected on write) and
 * 3.18 mode (bodies stored verbatim), dumped and diffed, plan nothing; so does a second,
 * different random configuration synced over the first (updates, deletes and creates mixed).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../lib/emulator/apisix-admin/index.js';
import { type AgentRegistry, createAgentRegistry } from '../../lib/http/index.js';
import { runSync } from '../../lib/sync/index.js';
import { fullConfig, startGateway, targetOf, VERSIONS } from '../fixtures/engine/support.js';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const labels = fc.dictionary(fc.constantFrom('team', 'env', 'tier'), name, { maxKeys: 2 });
const node = fc.record(
  {
    host: fc.constantFrom('a.internal', 'b.internal', '10.0.0.7'),
    port: fc.integer({ min: 1, max: 65535 }),
    weight: fc.integer({ min: 0, max: 100 }),
    priority: fc.integer({ min: -5, max: 5 }),
  },
  { requiredKeys: ['host', 'port', 'weight'] },
);
const upstream = fc.record(
  {
    type: fc.constantFrom('roundrobin', 'least_conn', 'ewma'),
    scheme: fc.constantFrom('http', 'https'),
    pass_host: fc.constantFrom('pass', 'node'),
    retries: fc.integer({ min: 0, max: 5 }),
    timeout: fc.record({
      connect: fc.integer({ min: 1, max: 60 }),
      send: fc.integer({ min: 1, max: 60 }),
      read: fc.integer({ min: 1, max: 60 }),
    }),
    keepalive_pool: fc.record({
      size: fc.integer({ min: 1, max: 320 }),
      idle_timeout: fc.integer({ min: 0, max: 60 }),
      requests: fc.integer({ min: 1, max: 1000 }),
    }),
    nodes: fc.array(node, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['nodes'] },
);
const plugins = fc.record(
  {
    'limit-count': fc.record(
      {
        count: fc.integer({ min: 1, max: 1000 }),
        time_window: fc.integer({ min: 1, max: 3600 }),
        rejected_code: fc.constantFrom(429, 503),
      },
      { requiredKeys: ['count', 'time_window'] },
    ),
    cors: fc.record({ max_age: fc.integer({ min: 0, max: 100 }) }, { requiredKeys: [] }),
    'proxy-rewrite': fc.record({ uri: fc.constantFrom('/x', '/y') }),
  },
  { requiredKeys: [] },
);
const route = fc.record(
  {
    name,
    description: fc.constantFrom('a route', ''),
    labels,
    uris: fc.uniqueArray(fc.constantFrom('/a', '/b/*', '/c'), { minLength: 1, maxLength: 2 }),
    methods: fc.uniqueArray(fc.constantFrom('GET', 'POST', 'PUT'), { minLength: 1, maxLength: 2 }),
    priority: fc.integer({ min: 0, max: 10 }),
    enable_websocket: fc.boolean(),
    plugins,
  },
  { requiredKeys: ['name', 'uris'] },
);
const service = fc.record(
  {
    name,
    description: fc.constantFrom('svc', 'another'),
    labels,
    hosts: fc.uniqueArray(fc.constantFrom('a.example.com', 'b.example.com'), {
      minLength: 1,
      maxLength: 2,
    }),
    plugins,
    upstream,
    routes: fc.uniqueArray(route, { selector: (r) => r.name, maxLength: 3 }),
  },
  { requiredKeys: ['name', 'upstream'] },
);
const consumers = fc
  .uniqueArray(
    fc.record(
      {
        username: name,
        labels,
        plugins: fc.record(
          { 'limit-count': fc.constant({ count: 5, time_window: 60 }) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ['username'] },
    ),
    { selector: (c) => c.username, maxLength: 3 },
  )
  // Keys are unique per consumer: 3.18 rejects an auth key another consumer holds.
  .map((list) =>
    list.map((c) => ({
      ...c,
      credentials: [{ name: 'key', type: 'key-auth', config: { key: `key-of-${c.username}` } }],
    })),
  );
const config = fc.record(
  {
    services: fc.uniqueArray(service, { selector: (s) => s.name, maxLength: 3 }),
    consumers,
    global_rules: fc.record(
      { prometheus: fc.record({ prefer_name: fc.boolean() }) },
      { requiredKeys: [] },
    ),
    plugin_metadata: fc.record(
      { 'http-logger': fc.record({ log_format: fc.constant({ host: '$host' }) }) },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

describe.each(VERSIONS)('convergence on APISIX %s', (version) => {
  let emu: EmulatorHandle;
  let registry: AgentRegistry;

  beforeAll(async () => {
    emu = await startGateway(version);
    registry = createAgentRegistry({ env: {} });
  });
  afterAll(async () => {
    registry.destroy();
    await emu.close();
  });

  // `force`: an empty random configuration must prune too (the guard refuses that by default).
  const run = (mode: 'sync' | 'diff', input: unknown) =>
    runSync({ mode, config: input, target: targetOf(emu), registry, options: { force: true } });

  it('plans nothing after syncing a random configuration, then another over it', async () => {
    let written = 0;
    await fc.assert(
      fc.asyncProperty(config, config, async (first, second) => {
        emu.reset();
        for (const input of [first, second]) {
          const applied = await run('sync', input);
          expect(applied.failed).toEqual([]);
          written += applied.success_count;
          const again = await run('diff', input);
          expect(again.events).toEqual([]);
        }
      }),
      { numRuns: 15 },
    );
    // The property is about something: the random configurations did write resources.
    expect(written).toBeGreaterThan(30);
  });

  it('re-syncs every resource type of the full fixture to zero events', async () => {
    emu.reset();
    await run('sync', fullConfig());
    const again = await run('diff', fullConfig());
    expect(again.events).toEqual([]);
  });
});
