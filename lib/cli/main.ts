/**
 * The `apisync` command: parses the command name and global flags, then dispatches to
 * `lib/cli/commands/<name>.ts` through a static table of lazy imports (esbuild bundles every
 * command; only the one run is evaluated). Commands never touch `process`: `main` builds their
 * `CliIO` and sets the exit code.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json' with { type: 'json' };
import { redactString } from '../log/redact.js';
import type { CliIO, CommandRun } from './types.js';

interface CommandEntry {
  summary: string;
  load: () => Promise<{ run: CommandRun }>;
}

const COMMANDS: Record<string, CommandEntry> = {
  ping: {
    summary: 'check that the Admin API answers and report its version',
    load: () => import('./commands/ping.js'),
  },
  dump: {
    summary: 'write the live gateway configuration as ADC YAML',
    load: () => import('./commands/dump.js'),
  },
  diff: { summary: 'show what a sync would change', load: () => import('./commands/diff.js') },
  sync: {
    summary: 'make the gateway match the ADC configuration',
    load: () => import('./commands/sync.js'),
  },
  validate: {
    summary: 'validate the configuration against the gateway',
    load: () => import('./commands/validate.js'),
  },
  lint: {
    summary: 'check ADC files offline (all errors at once)',
    load: () => import('./commands/lint.js'),
  },
  emulator: {
    summary: 'run the in-memory APISIX Admin API emulator',
    load: () => import('./commands/emulator.js'),
  },
  dev: {
    summary: 'run the local stack: emulator, the three handlers, schedule, first sync',
    load: () => import('./commands/dev.js'),
  },
};

/** Exit codes: 0 ok, 1 the command failed, 2 `diff --exit-code` found changes, 64 usage error. */
const EXIT_USAGE = 64;

function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`,
  );
  return [
    `apisync ${pkg.version} — keep Apache APISIX in sync with ADC declarative configuration`,
    '',
    'Usage: apisync <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     show this help (or `apisync <command> --help`)',
    '  -v, --version  print the version',
    '',
    'Gateway options (every command that talks to APISIX; flags win over APISYNC_*, then ADC_*):',
    '  --server URL[,URL]  --token KEY  --backend apisix|apisix-standalone  --timeout 10s',
    '  --ca-cert-file F  --tls-client-cert-file F  --tls-client-key-file F  --tls-skip-verify',
    '  --label-selector k=v  --include-resource-type T  --exclude-resource-type T',
    '',
    'Exit codes:',
    '  0   success (diff: no changes)',
    '  1   failure: invalid configuration, a write failed, the Admin API unreachable',
    '  2   `diff --exit-code`: the gateway differs from the configuration',
    '  64  usage error (unknown command or flag)',
    '',
  ].join('\n');
}

/**
 * Runs the CLI with `argv` (without `node` and the script path) and returns the exit code.
 *
 * @example
 * ```ts
 * const code = await main(['lint', 'examples/'], io);
 * ```
 */
async function main(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout.write(helpText());
    return 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!entry) {
    io.stderr.write(`apisync: unknown command "${first}"\n\n${helpText()}`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  return command.run(rest, io);
}

/**
 * Builds the real `CliIO`: process streams and env, and SIGINT/SIGTERM as `stopSignal`. The
 * first signal asks the command to stop; the listeners are then removed, so a second Ctrl-C
 * falls back to Node's default and ends a command that does not listen.
 */
function processIO(): CliIO {
  const stopSignal = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    stopSignal,
  };
}

function isEntrypoint(): boolean {
  const script = process.argv[1];
  if (!script) {
    return false;
  }
  try {
    // The npm bin is a symlink to dist/cli/apisync.mjs: compare real paths.
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntrypoint()) {
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`apisync: ${redactString(message)}\n`);
      process.exitCode = 1;
    },
  );
}

export { COMMANDS, main };
