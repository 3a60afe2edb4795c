/**
 * `apisync dev`'s local stack as one start/stop pair: the gateway (emulator or real APISIX), the
 * sync-api core and the webhook receiver behind one HTTP server, the reconcile timer when
 * targets are configured, and a first sync of the example configuration.
 *
 * @example
 * ```ts
 * const stack = await startDevStack({ host: '127.0.0.1', port: 0, files: ['examples/adc.yaml'], cwd, env, logger });
 * console.log(stack.url, stack.firstSync?.report?.status);
 * await stack.close();
 * ```
 */
import type { Server } from 'node:http';
import type { AgentRegistry } from '../../http/registry.js';
import { createAgentRegistry } from '../../http/registry.js';
import type { Logger } from '../../log/types.js';
import { createSecretResolver } from '../../secrets/index.js';
import { createSyncApi, DEFAULT_BODY_LIMITS } from '../../sync/api/index.js';
import { runSync } from '../../sync/index.js';
import { reconcile as reconcileCore } from '../../sync/reconcile.js';
import type { Report } from '../../sync/types.js';
import type { Target } from '../../targets/types.js';
import { createWebhookReceiver } from '../../webhook/index.js';
import type { Dispatch } from '../../webhook/types.js';
import { type Gateway, type GatewayOptions, startGateway } from './gateway.js';
import { closeServer, listen, urlOf } from './http.js';
import { createRuns, type Runs } from './runs.js';

/** Runs `reconcile` for an event (`{ kind: schedule }` or a webhook hand-off); injected. */
type ReconcileFn = (event: unknown) => Promise<unknown>;

interface DevStackOptions extends GatewayOptions {
  host: string;
  port: number;
  /** ADC files synced once at start; none skips the first sync. */
  files: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  targets?: readonly Target[];
  /** Runs reconcile for an event; default: `lib/sync/reconcile` over `targets` with the stack's pool. */
  reconcile?: ReconcileFn;
  /** Timer period (default 60 s); 0 turns the timer off (webhooks still trigger reconcile). */
  reconcileIntervalMs?: number;
  /** How long `close()` waits for reconcile runs in flight (default 30 s). */
  closeGraceMs?: number;
}

interface FirstSync {
  report?: Report;
  error?: unknown;
}

interface DevStack {
  url: string;
  gateway: Gateway;
  firstSync?: FirstSync;
  /** Whether the reconcile timer runs. */
  reconciling: boolean;
  registry: AgentRegistry;
  /** Reconcile runs (timer or webhook) started and not finished yet. */
  pendingRuns(): number;
  /** Stops accepting, lets runs in flight finish (bounded), then stops the pool and gateway. */
  close(): Promise<void>;
}

async function firstSync(
  options: DevStackOptions,
  gateway: Gateway,
  registry: AgentRegistry,
): Promise<FirstSync> {
  try {
    const report = await runSync({
      mode: 'sync',
      files: options.files,
      cwd: options.cwd,
      target: { name: 'dev', backend: 'apisix', servers: [gateway.url], token: gateway.token },
      options: { prune: 'all', env: options.env },
      registry,
    });
    return { report };
  } catch (error) {
    return { error };
  }
}

function dispatchTo(reconcile: ReconcileFn, runs: Runs): Dispatch {
  return async (target, request) => {
    // Started, not awaited: the receiver must answer at once, like the async Lambda invoke.
    // (A push to a local-directory target carries a git sha; reconcile itself ignores it.)
    runs.start(() => reconcile(request), 'reconcile after webhook failed', {
      target: target.name,
    });
  };
}

function startTimer(
  options: DevStackOptions,
  reconcile: ReconcileFn,
  runs: Runs,
): NodeJS.Timeout | undefined {
  const interval = options.reconcileIntervalMs ?? 60_000;
  if (!options.targets?.length || interval === 0) return undefined;
  let running = false;
  const tick = () => {
    if (running) return; // a slow run is never overlapped (reconcile has reserved concurrency 1)
    running = true;
    const event = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
    runs.start(async () => {
      try {
        await reconcile(event);
      } finally {
        running = false;
      }
    }, 'scheduled reconcile failed');
  };
  const timer = setInterval(tick, interval);
  timer.unref();
  return timer;
}

/**
 * The environment `env:` secret references read: the command's own (`CliIO.env`, which an
 * in-process run such as a test passes), then the process's, both read at call time. Before,
 * only `process.env` was read, so an in-process `apisync dev` could not resolve a webhook
 * secret it had been given and answered every push 500.
 */
function layeredEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return new Proxy(
    {},
    {
      get: (_, name) => (typeof name === 'string' ? (env[name] ?? process.env[name]) : undefined),
    },
  );
}

/**
 * Starts everything; `close()` stops the timer, the server, the pool and the emulator.
 *
 * @example
 * ```ts
 * const stack = await startDevStack(options);
 * await io.stopSignal;
 * await stack.close();
 * ```
 */
async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const gateway = await startGateway(options);
  const registry = createAgentRegistry({ env: options.env });
  const resolver = createSecretResolver({ env: layeredEnv(options.env) });
  const runs = createRuns(options.logger);
  const reconcile: ReconcileFn =
    options.reconcile ??
    ((event) =>
      reconcileCore({
        event,
        targets: options.targets ?? [],
        registry,
        resolver,
        logger: options.logger,
      }));
  const api = createSyncApi({
    registry,
    logger: options.logger,
    env: options.env,
    resolveSecret: (ref) => resolver.resolve(ref),
  });
  const webhook = createWebhookReceiver({
    targets: () => options.targets ?? [],
    resolveSecret: (ref, opts) => resolver.resolve(ref, opts),
    dispatch: dispatchTo(reconcile, runs),
    logger: options.logger,
  });
  let server: Server;
  try {
    server = await listen({
      api,
      webhook,
      host: options.host,
      port: options.port,
      maxBodyBytes: DEFAULT_BODY_LIMITS.maxEncodedBytes,
    });
  } catch (err) {
    await gateway.close();
    throw err;
  }
  const first = options.files.length > 0 ? await firstSync(options, gateway, registry) : undefined;
  const timer = startTimer(options, reconcile, runs);
  return {
    url: urlOf(server),
    gateway,
    firstSync: first,
    reconciling: timer !== undefined,
    registry,
    pendingRuns: () => runs.pending(),
    async close() {
      if (timer) clearInterval(timer);
      await closeServer(server);
      // A run cut off mid-apply leaves the gateway half-written until the next run.
      await runs.settle(options.closeGraceMs);
      registry.destroy();
      await gateway.close();
    },
  };
}

export type { DevStack, DevStackOptions, FirstSync, ReconcileFn };
export { startDevStack };
