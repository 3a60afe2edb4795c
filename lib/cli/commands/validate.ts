/**
 * Placeholder for `apisync validate`: the command's own issue replaces this file. It says so and
 * exits 2 rather than pretending to work.
 */
import type { CliIO } from '../types.js';

/**
 * Prints that `validate` is not available yet and returns exit code 2.
 *
 * @example
 * ```ts
 * await run([], io); // 2
 * ```
 */
async function run(_args: string[], io: CliIO): Promise<number> {
  io.stderr.write('apisync validate: not available in this build yet\n');
  return 2;
}

export { run };
