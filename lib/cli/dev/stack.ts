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
import { getSecretResolver } from '../../secrets/index.js';
import { createSyncApi, DEFAULT_BODY_LIMITS } from '../../sync/api/index.js';
import { runSync } from '../../sync/index.js';
import { reconcile as reconcileCore } from '../../sync/reconcile.js';
import type { Report } from '../../sync/types.js';
import type { Target } from '../../targets/types.js';
import { createWebhookReceiver } from '../../webhook/index.js';
import type { Dispatch } from '../../webhook/types.js';
import { type Gateway, type GatewayOptions, startGateway } from './gateway.js';
import { closeServer, listen, urlOf } from './http.js';

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
  reconcileIntervalMs?: number;
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

function dispatchTo(options: DevStackOptions, reconcile: ReconcileFn): Dispatch {
  return async (target, request) => {
    // In-process and not awaited: the receiver must answer quickly, like the async Lambda invoke.
    reconcile(request).catch((err: unknown) =>
      options.logger.error('reconcile after webhook failed', { target: target.name, error: err }),
    );
  };
}

function startTimer(options: DevStackOptions, reconcile: ReconcileFn): NodeJS.Timeout | undefined {
  if (!options.targets?.length) return undefined;
  let running = false;
  const tick = () => {
    if (running) return; // a slow run is never overlapped (reconcile has reserved concurrency 1)
    running = true;
    reconcile({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} })
      .catch((err: unknown) => options.logger.error('scheduled reconcile failed', { error: err }))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, options.reconcileIntervalMs ?? 60_000);
  timer.unref();
  return timer;
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
  const resolver = getSecretResolver();
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
    dispatch: dispatchTo(options, reconcile),
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
  const timer = startTimer(options, reconcile);
  return {
    url: urlOf(server),
    gateway,
    firstSync: first,
    reconciling: timer !== undefined,
    registry,
    async close() {
      if (timer) clearInterval(timer);
      await closeServer(server);
      registry.destroy();
      await gateway.close();
    },
  };
}

export type { DevStack, DevStackOptions, FirstSync, ReconcileFn };
export { startDevStack };
