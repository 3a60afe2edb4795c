import { parse } from '../options.js';
import { EXIT, guarded } from '../output.js';
import { runFromFlags } from '../run-from-flags.js';
import type { CliIO } from '../types.js';

const HELP = `Usage: apisync validate [-f FILE|GLOB]... [gateway options]

Lint the configuration, then validate it on the gateway (POST /apisix/admin/configs/validate,
APISIX 3.17+; older gateways: lint only, with a note). Nothing is written.
Exit codes: 0 valid, 1 invalid or unreachable, 64 usage error.
`;

async function run(args: string[], io: CliIO): Promise<number> {
  return guarded(io, async () => {
    const { values } = parse(args, {});
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    const report = await runFromFlags('validate', values, io, {
      env: io.env,
      allowEmptyEnv: values['allow-empty-env'] === true,
      managedByLabel: values['no-managed-by-label'] !== true,
    });
    const validation = report.validation;
    if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (validation?.note) io.stdout.write(`${validation.note}\n`);
    if (report.status !== 'success') {
      for (const e of validation?.errors ?? []) io.stderr.write(`  ${JSON.stringify(e)}\n`);
      return EXIT.FAILED;
    }
    if (!values.json) io.stdout.write('valid\n');
    return EXIT.OK;
  });
}

export { run };
