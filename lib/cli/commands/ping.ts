/**
 * `apisync ping`: one authenticated round trip; prints the APISIX version.
 *
 * @example
 * ```sh
 * apisync ping --server https://apisix-admin:9180 --token "$ADC_TOKEN" --ca-cert-file ca.pem
 * ```
 */
import { createAgentRegistry } from '../../http/registry.js';
import { connect } from '../../sync/backend.js';
import { parse, targetFromFlags } from '../options.js';
import { EXIT, guarded } from '../output.js';
import type { CliIO } from '../types.js';

const HELP = `Usage: apisync ping [--server URL] [--token KEY] [TLS options]

Check that the Admin API answers an authenticated request; prints its version.
Exit codes: 0 reachable, 1 unreachable or rejected, 64 usage error.
`;

async function run(args: string[], io: CliIO): Promise<number> {
  return guarded(io, async () => {
    const { values } = parse(args, {});
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    const target = await targetFromFlags(values, io);
    const registry = createAgentRegistry({ env: io.env });
    try {
      const { version } = await connect(target, registry).backend.ping();
      io.stdout.write(`${target.servers.join(', ')}: APISIX ${version}\n`);
      return EXIT.OK;
    } finally {
      registry.destroy();
    }
  });
}

export { run };
