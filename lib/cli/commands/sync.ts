/**
 * `apisync sync`: make the gateway match the ADC files.
 *
 * @example
 * ```sh
 * apisync sync -f 'adc/*.yaml' --server http://127.0.0.1:9180 --token "$ADC_TOKEN"
 * ```
 */

import type { SyncOptions } from '../../sync/types.js';
import { parse, UsageError, type Values } from '../options.js';
import { EXIT, guarded, printReport, progressBar } from '../output.js';
import { runFromFlags } from '../run-from-flags.js';
import type { CliIO } from '../types.js';

const HELP = `Usage: apisync sync [-f FILE|GLOB]... [options]

Make the gateway match the configuration: create, update and delete resources.

  -f, --file FILE           ADC file or glob, repeatable (default adc.yaml)
  --server URL[,URL]        Admin API (env APISYNC_SERVER, ADC_SERVER; default http://localhost:9180)
  --token KEY               admin key (env APISYNC_TOKEN, ADC_TOKEN)
  --backend NAME            apisix (default) or apisix-standalone (env APISYNC_BACKEND, ADC_BACKEND)
  --label-selector K=V      scope to resources with these labels; filled into every resource
  --include-resource-type T / --exclude-resource-type T   scope by type (route, service, …)
  --prune MODE              all (default, ADC), owned (only managed-by: adc), none
  --max-deletes N           refuse the deletes when there are more than N
  --force                   apply refused deletes (empty configuration, --max-deletes)
  --dry-run                 plan and report, write nothing
  --concurrency N           parallel writes (default 8; alias --request-concurrent)
  --exit-on-failure         stop scheduling new writes after the first failure
  --timeout DURATION        per request (default 10s)
  --ca-cert-file F, --tls-client-cert-file F, --tls-client-key-file F, --tls-skip-verify
  --no-managed-by-label     do not add managed-by: adc
  --allow-empty-env         unset \${VAR} become empty strings (ADC behaviour)
  --json                    print the full report as JSON

Exit codes: 0 applied, 1 a write failed, the input is invalid or the Admin API unreachable,
64 usage error.
`;

const OPTIONS = {
  prune: { type: 'string' },
  'max-deletes': { type: 'string' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'exit-on-failure': { type: 'boolean' },
} as const;

function syncOptions(values: Values, io: CliIO): SyncOptions {
  const prune = (values.prune as string | undefined) ?? 'all';
  if (prune !== 'all' && prune !== 'owned' && prune !== 'none') {
    throw new UsageError(`--prune must be all, owned or none, got "${prune}"`);
  }
  const maxDeletes =
    values['max-deletes'] === undefined ? undefined : Number(values['max-deletes']);
  if (maxDeletes !== undefined && (!Number.isInteger(maxDeletes) || maxDeletes < 0)) {
    throw new UsageError('--max-deletes must be a whole number');
  }
  return {
    prune,
    maxDeletes,
    force: values.force === true,
    dryRun: values['dry-run'] === true,
    exitOnFailure: values['exit-on-failure'] === true,
    lint: values['no-lint'] !== true,
    managedByLabel: values['no-managed-by-label'] !== true,
    allowEmptyEnv: values['allow-empty-env'] === true,
    env: io.env,
  };
}

async function run(args: string[], io: CliIO): Promise<number> {
  return guarded(io, async () => {
    const { values } = parse(args, OPTIONS);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    const report = await runFromFlags('sync', values, io, syncOptions(values, io), progressBar(io));
    if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printReport(io, report);
    return report.status === 'success' ? EXIT.OK : EXIT.FAILED;
  });
}

export { run, syncOptions };
