/**
 * Where the CDK app finds its deployment configuration, first match wins:
 * 1. CDK context `config` (`npx cdk deploy -c config=deploy.json`): a path to a JSON file;
 * 2. env `APISYNC_DEPLOY_CONFIG`: a path to a JSON file (handy with `npm run synth`);
 * 3. `infra/deploy.example.json`: the example, so a fresh checkout synthesizes.
 *
 * @example
 * ```ts
 * const { config, path, isExample } = loadDeployConfig(app.node.tryGetContext('config'));
 * ```
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTargets } from '../lib/targets/index.js';
import { type DeployConfig, parseDeployConfig } from './props.js';

const EXAMPLE_CONFIG = join(dirname(fileURLToPath(import.meta.url)), 'deploy.example.json');

interface LoadedDeployConfig {
  readonly config: DeployConfig;
  /** Absolute path of the file that was read. */
  readonly path: string;
  /** True when no config was named and the example was used. */
  readonly isExample: boolean;
}

/**
 * Reads and validates the deployment configuration.
 *
 * @param contextValue the CDK context value `config`, if any.
 * @throws Error naming the file when it cannot be read, parsed or validated; `ConfigError`
 *   (from `lib/targets`) when a target is invalid.
 * @example
 * ```ts
 * loadDeployConfig('deploy.json', {}).config.targets.length;
 * ```
 */
function loadDeployConfig(
  contextValue: unknown,
  env: NodeJS.ProcessEnv = process.env,
): LoadedDeployConfig {
  const named = typeof contextValue === 'string' && contextValue !== '' ? contextValue : undefined;
  const fromEnv = env.APISYNC_DEPLOY_CONFIG === '' ? undefined : env.APISYNC_DEPLOY_CONFIG;
  const chosen = named ?? fromEnv;
  const path = chosen === undefined ? EXAMPLE_CONFIG : resolve(chosen);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Cannot read the deploy config ${path}: ${reason}`, { cause: err });
  }
  const config = parseDeployConfig(raw, path);
  // The same validation the functions run on APISYNC_TARGETS at start-up, moved to synth time:
  // a typo fails `cdk synth`, not the first scheduled run after a deploy.
  parseTargets(JSON.stringify(config.targets), `${path} targets`);
  return { config, path, isExample: chosen === undefined };
}

export type { LoadedDeployConfig };
export { EXAMPLE_CONFIG, loadDeployConfig };
