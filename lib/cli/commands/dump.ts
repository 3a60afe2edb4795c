/**
 * `apisync dump`: the live configuration as ADC YAML that syncs back to zero changes.
 *
 * @example
 * ```sh
 * apisync dump -o adc.yaml --server http://127.0.0.1:9180 --token "$ADC_TOKEN"
 * ```
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { fromResources, resourceInScope } from '../../config/index.js';
import { createAgentRegistry } from '../../http/registry.js';
import { connect } from '../../sync/backend.js';
import { parse, scopeFromFlags, targetFromFlags } from '../options.js';
import { EXIT, guarded } from '../output.js';
import type { CliIO } from '../types.js';

const HELP = `Usage: apisync dump [-o FILE] [--with-id] [gateway and scope options]

Write the gateway's configuration (within the label selector and resource types) as ADC YAML,
to FILE or stdout. Custom ids are always kept so the file syncs back to zero changes;
--with-id keeps derived ids too. Exit codes: 0 written, 1 failed, 64 usage error.
`;

const OPTIONS = { output: { type: 'string', short: 'o' }, 'with-id': { type: 'boolean' } } as const;

async function run(args: string[], io: CliIO): Promise<number> {
  return guarded(io, async () => {
    const { values } = parse(args, OPTIONS);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    const target = await targetFromFlags(values, io);
    const scope = scopeFromFlags(values);
    const registry = createAgentRegistry({ env: io.env });
    try {
      const { resources } = await connect(target, registry).backend.dump();
      const inScope = resources.filter((r) => resourceInScope(r, scope));
      const config = fromResources(inScope, { withIds: values['with-id'] === true });
      const yaml = stringify(config, { sortMapEntries: true });
      const output = values.output as string | undefined;
      if (output) {
        await writeFile(resolve(io.cwd, output), yaml);
        io.stderr.write(`wrote ${inScope.length} resources to ${output}\n`);
      } else {
        io.stdout.write(yaml);
      }
      return EXIT.OK;
    } finally {
      registry.destroy();
    }
  });
}

export { run };
