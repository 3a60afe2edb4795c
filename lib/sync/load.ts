/**
 * The desired side of a run: configuration from an HTTP body, files, or in-memory files (git),
 * linted, scoped (label selector, resource types, `managed-by`) and mapped to Admin API
 * resources — the same steps for every trigger, so the CLI and `/sync` converge on one state.
 *
 * @example
 * ```ts
 * const desired = await loadDesired({ files: ['adc.yaml'] }, scope, { managedByLabel: true }, '3.18.0');
 * ```
 */
import {
  type AdcConfig,
  applyScope,
  lintConfig,
  loadConfigFiles,
  loadConfigTexts,
  toResources,
} from '../config/index.js';
import type { Resource } from '../config/resources-types.js';
import { toScope } from './scope.js';
import type { SyncOptions, SyncScope } from './types.js';

/** Exactly one of these. */
interface DesiredInput {
  /** An ADC document received over HTTP (no `${VAR}` substitution: the caller sends resolved config). */
  config?: unknown;
  /** Paths or globs (CLI). */
  files?: string[];
  /** In-memory files (git sources). */
  texts?: { path: string; content: string }[];
  cwd?: string;
}

async function lintedConfig(input: DesiredInput, options: SyncOptions): Promise<AdcConfig> {
  const loadOptions = {
    cwd: input.cwd ?? process.cwd(),
    env: options.env ?? {},
    allowEmptyEnv: options.allowEmptyEnv,
  };
  if (input.files) {
    const loaded = await loadConfigFiles(input.files, loadOptions);
    return lintConfig(loaded.config, { sources: loaded.sources });
  }
  if (input.texts) {
    const loaded = loadConfigTexts(input.texts, loadOptions);
    return lintConfig(loaded.config, { sources: loaded.sources });
  }
  return lintConfig(input.config ?? {});
}

/** Lints and scopes the configuration, then maps it to resources for `apisixVersion`. */
async function loadDesired(
  input: DesiredInput,
  scope: SyncScope,
  options: SyncOptions,
): Promise<{ config: AdcConfig; toResources: (apisixVersion: string) => Resource[] }> {
  const config = applyScope(await lintedConfig(input, options), {
    ...toScope(scope),
    managedByLabel: options.managedByLabel ?? true,
  });
  return { config, toResources: (apisixVersion) => toResources(config, { apisixVersion }) };
}

export type { DesiredInput };
export { loadDesired };
