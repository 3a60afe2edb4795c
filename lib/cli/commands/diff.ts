import { parse } from '../options.js';
import { EXIT, guarded, printReport } from '../output.js';
import { runFromFlags } from '../run-from-flags.js';
import type { CliIO } from '../types.js';
import { syncOptions } from './sync.js';

const HELP = `Usage: apisync diff [-f FILE|GLOB]... [options]

Plan a sync and print it; nothing is written. Takes the options of \`apisync sync\`, plus:

  --exit-code   exit 0 when the gateway matches, 2 when it differs, 1 on error
  --json        print the report with every planned event and its changes (secrets masked)
`;

const OPTIONS = {
  'exit-code': { type: 'boolean' },
  prune: { type: 'string' },
  'max-deletes': { type: 'string' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'exit-on-failure': { type: 'boolean' },
} as const;

async function run(args: string[], io: CliIO): Promise<number> {
  return guarded(io, async () => {
    const { values } = parse(args, OPTIONS);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    const report = await runFromFlags('diff', values, io, syncOptions(values, io));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const line of report.plan_lines ?? []) io.stdout.write(`${line}\n`);
      printReport(io, report);
    }
    const changes = report.plan.create + report.plan.update + report.plan.delete;
    return values['exit-code'] && changes > 0 ? EXIT.DIFFERENT : EXIT.OK;
  });
}

export { run };
