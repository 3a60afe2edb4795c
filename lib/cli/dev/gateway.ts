/**
 * The gateway `apisync dev` talks to: the embedded APISIX Admin API emulator by default, or a
 * real APISIX when `--server`/`--token` are given.
 *
 * @example
 * ```ts
 * const gateway = await startGateway({ apisixVersion: '3.18.0', emulatorPort: 9180 });
 * console.log(gateway.url, gateway.emulated);
 * await gateway.close();
 * ```
 */
import { startEmulator } from '../../emulator/apisix-admin/index.js';

/**
 * The embedded emulator's admin key. It is a fixed, public development value (printed at start
 * and used in the README's curl example), never a real gateway's key.
 */
const DEV_ADMIN_KEY = 'apisync-dev-admin-key';
const DEFAULT_EMULATOR_PORT = 9180;

interface Gateway {
  url: string;
  token: string;
  emulated: boolean;
  version?: string;
  close(): Promise<void>;
}

interface GatewayOptions {
  server?: string;
  token?: string;
  apisixVersion?: string;
  /**
   * Port of the embedded emulator. Unset: 9180, or a free port when 9180 is busy. Set: exactly
   * this port, and a busy one is an error, because targets may point at it by number and must
   * never reach whatever else listens there.
   */
  emulatorPort?: number;
}

function isAddressInUse(err: unknown): boolean {
  return (err as { code?: string } | undefined)?.code === 'EADDRINUSE';
}

async function emulated(options: GatewayOptions): Promise<Gateway> {
  const base = { version: options.apisixVersion, adminKey: DEV_ADMIN_KEY };
  const chosen = options.emulatorPort;
  const port = chosen ?? DEFAULT_EMULATOR_PORT;
  const emulator = await startEmulator({ ...base, port }).catch((err: unknown) => {
    if (!isAddressInUse(err)) throw err;
    if (chosen === undefined) return startEmulator({ ...base, port: 0 });
    throw new Error(
      `--emulator-port ${chosen} is in use: stop what listens there, or pass --emulator-port 0 for a free port`,
    );
  });
  return {
    url: emulator.url,
    token: DEV_ADMIN_KEY,
    emulated: true,
    version: emulator.version,
    close: () => emulator.close(),
  };
}

/**
 * Starts the embedded emulator, or describes the real APISIX given by `server` and `token`
 * (both are then required).
 *
 * @example
 * ```ts
 * await startGateway({ server: 'http://127.0.0.1:9180', token: process.env.ADMIN_KEY });
 * ```
 */
async function startGateway(options: GatewayOptions): Promise<Gateway> {
  if (options.server === undefined && options.token === undefined) return emulated(options);
  if (!options.server || !options.token) {
    throw new Error('--server and --token go together: give both to use a real APISIX');
  }
  return { url: options.server, token: options.token, emulated: false, close: async () => {} };
}

export type { Gateway, GatewayOptions };
export { DEFAULT_EMULATOR_PORT, DEV_ADMIN_KEY, startGateway };
