/**
 * `apisync lint`: check ADC files offline, every error at once.
 *
 * @example
 * ```sh
 * apisync lint -f 'adc/*.yaml'
 * ```
 */
import { lintConfig, loadConfigFiles } from '../../config/index.js';
import { filesFromFlags, parse } from '../options.js';
import { EXIT, guarded } from '../output.js';
import type { CliIO } from '../types.js';

const HELP = `Usage: apisync lint [-f FILE|GLOB]... [--allow-empty-env]

Load, merge and check the configuration without contacting a gateway. Every problem is printed
with its file, line, resource and field. Exit codes: 0 valid, 1 invalid, 64 usage error.
`;

async function run(args: string[], io: CliIO): Promise<number> {
  return guarded(io, async () => {
    const { values, positionals } = parse(args, {});
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    const files = positionals.length > 0 ? positionals : filesFromFlags(values);
    const loaded = await loadConfigFiles(files, {
      cwd: io.cwd,
      env: io.env,
      allowEmptyEnv: values['allow-empty-env'] === true,
    });
    lintConfig(loaded.config, { sources: loaded.sources });
    io.stdout.write(`${files.join(', ')}: valid\n`);
    return EXIT.OK;
  });
}

export { run };
