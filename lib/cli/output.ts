/**
 * How commands talk to people: exit codes, error messages without stack traces (a lint error
 * lists every issue with file, line, resource and field), and the report summary.
 *
 * @example
 * ```ts
 * return await guarded(io, async () => { …; return EXIT.OK; });
 * ```
 */
import { ConfigError, type ConfigIssue } from '../errors.js';
import { redactString } from '../log/redact.js';
import type { Report } from '../sync/types.js';
import { UsageError } from './options.js';
import type { CliIO } from './types.js';

/** Exit codes, also listed in `--help` and the README. */
const EXIT = { OK: 0, FAILED: 1, DIFFERENT: 2, USAGE: 64 } as const;

function formatIssue(issue: ConfigIssue): string {
  const where = issue.file
    ? `${issue.file}${issue.line ? `:${issue.line}${issue.column ? `:${issue.column}` : ''}` : ''}`
    : 'config';
  const resource = issue.resourceType
    ? ` ${issue.resourceType}${issue.resourceName ? ` "${issue.resourceName}"` : ''}`
    : '';
  const path = issue.path.length > 0 ? ` ${issue.path.join('.')}:` : '';
  return `  ${where}${resource}${path} ${issue.message}`;
}

function printError(io: CliIO, err: unknown): number {
  if (err instanceof UsageError) {
    io.stderr.write(`error: ${err.message}\nRun with --help for usage.\n`);
    return EXIT.USAGE;
  }
  if (err instanceof ConfigError) {
    io.stderr.write(`error: ${err.message}\n${err.issues.map(formatIssue).join('\n')}\n`);
    return EXIT.FAILED;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`error: ${redactString(message)}\n`);
  return EXIT.FAILED;
}

/** Runs a command body, turning every thrown error into a message and an exit code. */
async function guarded(io: CliIO, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    return printError(io, err);
  }
}

function planLine(report: Report): string {
  const { create, update, delete: del } = report.plan;
  return `${create} to create, ${update} to update, ${del} to delete`;
}

/** The human summary of a sync or diff report. */
function printReport(io: CliIO, report: Report): void {
  const verb = report.dry_run ? 'Plan' : 'Sync';
  io.stdout.write(
    `${verb} (${report.mode}) against APISIX ${report.apisix_version ?? '?'}: ${planLine(report)}; ` +
      `${report.success_count} applied, ${report.failed_count} failed, ${report.skipped.length} skipped ` +
      `(${report.requests} requests, ${report.duration_ms} ms)\n`,
  );
  for (const f of report.failed) {
    io.stdout.write(
      `  failed  ${f.event.type} ${f.event.resourceType} "${f.event.resourceName}": ${f.reason}\n`,
    );
  }
  for (const s of report.skipped) {
    io.stdout.write(
      `  skipped ${s.event.type} ${s.event.resourceType} "${s.event.resourceName}": ${s.reason}\n`,
    );
  }
  for (const r of report.refused) {
    io.stdout.write(
      `  refused ${r.event.type} ${r.event.resourceType} "${r.event.resourceName}": ${r.reason}\n`,
    );
  }
}

/** A one-line progress bar on stderr, for TTYs and plans of more than 50 writes. */
function progressBar(io: CliIO): ((done: number, total: number) => void) | undefined {
  if (!io.isTTY) return undefined;
  return (done, all) => {
    if (all <= 50) return;
    const width = 30;
    const filled = Math.round((done / all) * width);
    io.stderr.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${all}${done === all ? '\n' : ''}`,
    );
  };
}

export { EXIT, formatIssue, guarded, printError, printReport, progressBar };
