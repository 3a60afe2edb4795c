/**
 * The pipeline run every file-driven command makes (`sync`, `diff`, `validate`): the files,
 * gateway, scope and logger from the flags, and a registry that lives for this run only (a CLI
 * process makes one run; its sockets are closed when it ends).
 *
 * @example
 * ```ts
 * const report = await runFromFlags('diff', values, io, syncOptions(values, io));
 * ```
 */
import { createAgentRegistry } from '../http/registry.js';
import { runSync } from '../sync/index.js';
import type { Report, SyncMode, SyncOptions } from '../sync/types.js';
import {
  filesFromFlags,
  loggerFromFlags,
  scopeFromFlags,
  targetFromFlags,
  type Values,
} from './options.js';
import type { CliIO } from './types.js';

async function runFromFlags(
  mode: SyncMode,
  values: Values,
  io: CliIO,
  options: SyncOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<Report> {
  const registry = createAgentRegistry({ env: io.env });
  try {
    return await runSync({
      mode,
      files: filesFromFlags(values),
      cwd: io.cwd,
      target: await targetFromFlags(values, io),
      scope: scopeFromFlags(values),
      options,
      registry,
      logger: loggerFromFlags(values, io),
      onProgress,
    });
  } finally {
    registry.destroy();
  }
}

export { runFromFlags };
