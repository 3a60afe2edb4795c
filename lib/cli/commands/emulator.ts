/**
 * `apisync emulator`: runs the in-memory APISIX Admin API emulator until stopped.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type EmulatorTls, startEmulator } from '../../emulator/apisix-admin/index.js';
import type { CliIO } from '../types.js';

const USAGE = `usage: apisync emulator [--host H] [--port 9180] [--apisix-version 3.18.0] --admin-key K
                        [--viewer-key K] [--standalone] [--stream]
                        [--tls-cert-file F --tls-key-file F [--tls-ca-file F]]
The admin key may also come from the APISIX_ADMIN_KEY environment variable.
`;

const OPTIONS = {
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '9180' },
  'apisix-version': { type: 'string', default: '3.18.0' },
  'admin-key': { type: 'string' },
  'viewer-key': { type: 'string' },
  standalone: { type: 'boolean', default: false },
  stream: { type: 'boolean', default: false },
  'tls-cert-file': { type: 'string' },
  'tls-key-file': { type: 'string' },
  'tls-ca-file': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

async function loadTls(cert?: string, key?: string, ca?: string): Promise<EmulatorTls | undefined> {
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new Error('--tls-cert-file and --tls-key-file go together');
  return {
    cert: await readFile(cert, 'utf8'),
    key: await readFile(key, 'utf8'),
    ...(ca ? { ca: await readFile(ca, 'utf8') } : {}),
  };
}

/**
 * Starts the emulator, prints its URL and waits for `io.stopSignal`.
 *
 * @example
 * ```ts
 * await run(['--port', '9180', '--apisix-version', '3.13.0', '--admin-key', 'k'], io);
 * ```
 */
async function run(args: string[], io: CliIO): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    values = parseArgs({ args, options: OPTIONS, allowPositionals: false }).values;
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const adminKey = values['admin-key'] ?? io.env.APISIX_ADMIN_KEY;
  const port = Number(values.port);
  if (!adminKey || !Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`${adminKey ? 'invalid --port' : 'missing --admin-key'}\n${USAGE}`);
    return 2;
  }
  try {
    const tls = await loadTls(
      values['tls-cert-file'],
      values['tls-key-file'],
      values['tls-ca-file'],
    );
    const emulator = await startEmulator({
      host: values.host,
      port,
      version: values['apisix-version'],
      adminKey,
      viewerKey: values['viewer-key'],
      mode: values.standalone ? 'standalone' : 'etcd',
      streamMode: values.stream,
      tls,
    });
    const mode = values.standalone ? 'standalone' : 'etcd';
    io.stdout.write(
      `APISIX ${emulator.version} Admin API emulator (${mode} mode) listening on ${emulator.url}\n`,
    );
    await (io.stopSignal ?? new Promise<void>(() => undefined));
    await emulator.close();
    return 0;
  } catch (error) {
    io.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

export { run };
