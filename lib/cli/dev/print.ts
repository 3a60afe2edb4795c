/**
 * What `apisync dev` prints: where everything listens, the first sync's summary, and how to
 * stop. Human text on stdout; structured request logs go to stderr.
 *
 * @example
 * ```ts
 * printBanner(io, stack, { files: ['examples/adc.yaml'], targets: [], reconcileIntervalMs: 60_000 });
 * ```
 */
import { ConfigError } from '../../errors.js';
import { redactString } from '../../log/redact.js';
import type { Target } from '../../targets/types.js';
import { formatIssue, printReport } from '../output.js';
import type { CliIO } from '../types.js';
import type { DevStack } from './stack.js';

interface BannerInfo {
  files: string[];
  targets: readonly Target[];
  reconcileIntervalMs: number;
}

function gatewayLine(stack: DevStack): string {
  const g = stack.gateway;
  return g.emulated
    ? `  gateway    APISIX ${g.version ?? ''} emulator at ${g.url} (dev admin key: ${g.token})`
    : `  gateway    APISIX at ${g.url}`;
}

function reconcileLine(info: BannerInfo, stack: DevStack): string {
  const count = info.targets.length;
  if (stack.reconciling)
    return `  reconcile  every ${info.reconcileIntervalMs / 1000} s over ${count} target(s)`;
  if (count === 0)
    return '  reconcile  off: no targets (set APISYNC_TARGETS or pass --targets FILE)';
  return `  reconcile  no timer (--reconcile-interval 0); pushes to /webhook/<target> still trigger it`;
}

function sourceOf(target: Target): string {
  const s = target.source;
  return s.type === 'local' ? s.path : `${redactString(s.url)} (${s.ref})`;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether `server` names the emulator at `emulatorUrl` (any loopback spelling, same port). */
function isEmulator(server: string, emulatorUrl: string): boolean {
  try {
    const a = new URL(server);
    const b = new URL(emulatorUrl);
    return a.port === b.port && LOOPBACK.has(a.hostname) && LOOPBACK.has(b.hostname);
  } catch {
    return false;
  }
}

/** One line per target: where it reads, where it writes, and its webhook URL. */
function targetLines(info: BannerInfo, stack: DevStack): string[] {
  return info.targets.flatMap((t) => {
    const server = t.servers[0] ?? '';
    const gateway =
      stack.gateway.emulated && isEmulator(server, stack.gateway.url)
        ? 'the emulator'
        : `${server}${stack.gateway.emulated ? ' (not the emulator)' : ''}`;
    const lines = [`  target     ${t.name}: ${sourceOf(t)} → ${gateway}`];
    if (t.webhook) {
      lines.push(`             ${t.webhook.provider} push → POST ${stack.url}/webhook/${t.name}`);
    }
    return lines;
  });
}

/**
 * The URLs and gateway, printed once the stack listens.
 *
 * @example
 * ```ts
 * printBanner(io, stack, info);
 * ```
 */
function printBanner(io: CliIO, stack: DevStack, info: BannerInfo): void {
  const u = stack.url;
  io.stdout.write(
    [
      'apisync dev: local stack running',
      gatewayLine(stack),
      `  sync-api   PUT  ${u}/sync`,
      `             PUT  ${u}/validate`,
      `             GET  ${u}/healthz/ready`,
      `  webhooks   POST ${u}/webhook/<target>`,
      reconcileLine(info, stack),
      ...targetLines(info, stack),
      '',
    ].join('\n'),
  );
}

/**
 * The first sync's outcome: the report summary, or every lint issue, or the error.
 *
 * @example
 * ```ts
 * printFirstSync(io, stack, ['examples/adc.yaml']);
 * ```
 */
function printFirstSync(io: CliIO, stack: DevStack, files: string[]): void {
  const first = stack.firstSync;
  if (!first) {
    io.stdout.write('First sync skipped: no configuration file (pass -f FILE)\n');
    return;
  }
  io.stdout.write(`First sync of ${files.join(', ')}:\n`);
  if (first.report) {
    printReport(io, first.report);
    return;
  }
  const err = first.error;
  if (err instanceof ConfigError) {
    io.stdout.write(`  invalid configuration:\n${err.issues.map(formatIssue).join('\n')}\n`);
    return;
  }
  io.stdout.write(`  failed: ${redactString(err instanceof Error ? err.message : String(err))}\n`);
}

export type { BannerInfo };
export { printBanner, printFirstSync };
