/**
 * An in-memory Apache APISIX Admin API (etcd and standalone modes) for development, tests and
 * benchmarks. Behaviour follows the APISIX version it emulates; see docs/emulator.md.
 */
import type { AddressInfo } from 'node:net';
import { AuthKeyIndex } from './auth-keys.js';
import type { Ctx } from './context.js';
import { decryptField } from './crypto.js';
import { Faults } from './faults.js';
import { pluginRegistry } from './plugins/registry.js';
import { coreSchemas } from './schemas/index.js';
import { createAdminServer } from './server.js';
import { Store } from './store.js';
import type {
  EmulatorConnection,
  EmulatorDump,
  EmulatorHandle,
  EmulatorOptions,
  EmulatorRequest,
  FaultRule,
} from './types.js';
import { atLeast } from './version.js';

function contextOf(options: EmulatorOptions): Ctx {
  const version = options.version ?? '3.18.0';
  const store = new Store();
  // Only 3.18 refuses duplicate auth keys; older versions need no index.
  const authKeys = atLeast(version, '3.18.0') ? new AuthKeyIndex(decryptField) : undefined;
  if (authKeys) store.observe(authKeys);
  return {
    version,
    mode: options.mode ?? 'etcd',
    streamMode: options.streamMode ?? false,
    adminKey: options.adminKey,
    viewerKey: options.viewerKey,
    adminKeyRequired: options.adminKeyRequired ?? true,
    store,
    authKeys,
    registry: pluginRegistry(version),
    schemas: coreSchemas(version),
    standalone: {},
  };
}

/**
 * Starts an emulated APISIX Admin API on a loopback port.
 *
 * @example
 * ```ts
 * const apisix = await startEmulator({ version: '3.13.0', adminKey: 'k' });
 * await fetch(`${apisix.url}/apisix/admin/routes`, { headers: { 'X-API-KEY': 'k' } });
 * await apisix.close();
 * ```
 */
async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const ctx = contextOf(options);
  const faults = new Faults(options.faults);
  const requests: EmulatorRequest[] = [];
  const connections: EmulatorConnection[] = [];
  const server = createAdminServer({
    ctx,
    faults,
    tls: options.tls,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 60_000,
    latencyMs: options.latencyMs ?? 0,
    maxLogEntries: Math.max(1, options.maxLogEntries ?? 100_000),
    requests,
    connections,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    version: ctx.version,
    requests,
    connections,
    faults: faults.rules,
    addFault: (rule: FaultRule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    reset: () => {
      ctx.store.reset();
      ctx.standalone = {};
      requests.length = 0;
    },
    dump: (): EmulatorDump => ({
      revision: ctx.store.revision,
      entries: ctx.store.dump(),
      ...(ctx.standalone.doc ? { standalone: structuredClone(ctx.standalone.doc) } : {}),
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type {
  EmulatorConnection,
  EmulatorDump,
  EmulatorEntry,
  EmulatorHandle,
  EmulatorOptions,
  EmulatorRequest,
  EmulatorTls,
  FaultRule,
  FaultState,
} from './types.js';
export { startEmulator };
