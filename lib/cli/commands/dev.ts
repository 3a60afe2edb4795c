/**
 * `apisync dev` (`npm start`): the local stack. The embedded APISIX emulator is the gateway
 * unless `--server`/`--token` point at a real APISIX; the sync API and the webhook receiver
 * listen on http://127.0.0.1:3000; `examples/adc.yaml` is synced once at start; Ctrl-C stops
 * everything.
 *
 * @example
 * ```sh
 * apisync dev                        # emulator + examples/adc.yaml
 * apisync dev --server http://127.0.0.1:9180 --token "$ADMIN_KEY" -f adc.yaml
 * ```
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../../log/logger.js';
import { loadTargets, parseTargets } from '../../targets/index.js';
import type { Target } from '../../targets/types.js';
import { DEFAULT_EMULATOR_PORT } from '../dev/gateway.js';
import { printBanner, printFirstSync } from '../dev/print.js';
import { startDevStack } from '../dev/stack.js';
import { parseDuration, UsageError } from '../options.js';
import { EXIT, guarded } from '../output.js';
import type { CliIO } from '../types.js';

const DEFAULT_FILE = 'examples/adc.yaml';

const HELP = `Usage: apisync dev [options]

Run the local stack: the APISIX emulator (or a real APISIX), the sync API, the webhook
receiver, a reconcile timer when targets are configured, and a first sync of examples/adc.yaml.

  --port N                  sync API and webhook port (default 3000; 0 picks a free one)
  --host ADDR               listen address (default 127.0.0.1)
  -f, --file FILE           ADC file or glob synced at start (and pruned to), repeatable
                            (default ${DEFAULT_FILE}, on the emulator only)
  --server URL              a real APISIX Admin API instead of the emulator (needs --token)
  --token KEY               its admin key
  --apisix-version V        emulated APISIX version (default 3.18.0)
  --emulator-port N         emulator port (default ${DEFAULT_EMULATOR_PORT}, or a free one when that is busy;
                            a port given here must be free: targets may point at it)
  --targets FILE            target list (JSON); default env APISYNC_TARGETS
  --reconcile-interval D    reconcile timer period (default 60s; 0 = no timer, webhooks only)

Ctrl-C stops everything (a reconcile run in progress finishes first; Ctrl-C again to abort).
See docs/dev.md.
`;

/** setInterval's ceiling: Node turns a longer delay into 1 ms, i.e. a reconcile loop. */
const MAX_INTERVAL_MS = 2_147_483_647;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  file: { type: 'string', short: 'f', multiple: true },
  server: { type: 'string' },
  token: { type: 'string' },
  'apisix-version': { type: 'string' },
  'emulator-port': { type: 'string' },
  targets: { type: 'string' },
  'reconcile-interval': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type DevValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

function portOf(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new UsageError(`${flag} must be a port number, got "${text}"`);
  return n;
}

function intervalOf(text: string | undefined): number {
  if (text === undefined) return 60_000;
  const ms = parseDuration(text);
  if (ms > MAX_INTERVAL_MS) {
    throw new UsageError(`--reconcile-interval must be at most 24 days, got "${text}"`);
  }
  return ms;
}

function parseFlags(args: string[]): DevValues {
  try {
    return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

async function targetsOf(values: DevValues, io: CliIO): Promise<Target[]> {
  if (!values.targets) return loadTargets(io.env);
  const path = resolve(io.cwd, values.targets);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`cannot read the targets file ${values.targets}`);
  });
  return parseTargets(text, values.targets);
}

function filesOf(values: DevValues, io: CliIO): string[] {
  if (values.file?.length) return values.file;
  // The first sync prunes (ADC semantics): the example must never be synced onto a real
  // gateway just because `--server` was run from the repository root. Real gateways get `-f`.
  if (values.server) return [];
  return existsSync(resolve(io.cwd, DEFAULT_FILE)) ? [DEFAULT_FILE] : [];
}

async function run(args: string[], io: CliIO): Promise<number> {
  return guarded(io, async () => {
    const values = parseFlags(args);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    if (Boolean(values.server) !== Boolean(values.token)) {
      throw new UsageError('--server and --token go together: give both to use a real APISIX');
    }
    const files = filesOf(values, io);
    const targets = await targetsOf(values, io);
    const interval = intervalOf(values['reconcile-interval']);
    const port = portOf(values.port, 3000, '--port');
    const stack = await startDevStack({
      host: values.host ?? '127.0.0.1',
      port,
      emulatorPort:
        values['emulator-port'] === undefined
          ? undefined
          : portOf(values['emulator-port'], DEFAULT_EMULATOR_PORT, '--emulator-port'),
      apisixVersion: values['apisix-version'],
      server: values.server,
      token: values.token,
      files,
      cwd: io.cwd,
      env: io.env,
      targets,
      reconcileIntervalMs: interval,
      logger: createLogger({
        service: 'apisync-dev',
        env: io.env,
        sink: (line) => io.stderr.write(`${line}\n`),
      }),
    }).catch((err: unknown) => {
      if ((err as { code?: string } | undefined)?.code !== 'EADDRINUSE') throw err;
      throw new Error(`port ${port} is in use: pass --port N (0 picks a free port)`);
    });
    printBanner(io, stack, { files, targets, reconcileIntervalMs: interval });
    printFirstSync(io, stack, files);
    io.stdout.write(
      `Try: curl -X PUT ${stack.url}/sync -H 'content-type: application/json' --data-binary @examples/sync-request.json (see README)\nPress Ctrl-C to stop.\n`,
    );
    await (io.stopSignal ?? new Promise<void>(() => {}));
    const pending = stack.pendingRuns();
    if (pending > 0) {
      io.stdout.write(`apisync dev: stopping after ${pending} reconcile run(s) in progress\n`);
    }
    await stack.close();
    io.stdout.write('apisync dev: stopped\n');
    return EXIT.OK;
  });
}

export { run };
