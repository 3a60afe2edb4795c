/**
 * CDK app entry: `npm run synth` (writes `cdk.out/`) or `npx cdk synth|deploy` (via cdk.json).
 * Needs no AWS credentials and no Docker: the functions come from the prebuilt `dist/` bundles,
 * and nothing here looks anything up in an account.
 *
 * Context: `config` (path to the deploy JSON, see config-file.ts), `stackName` (default
 * `Apisync`). Account and region come from the CDK CLI's environment when it provides one.
 */
import { App } from 'aws-cdk-lib';
import { loadDeployConfig } from './config-file.js';
import { ApisyncStack } from './stack.js';

function main(): void {
  // Under the CDK CLI, CDK_OUTDIR is set and App picks it up; run directly, write ./cdk.out.
  const app = new App(process.env.CDK_OUTDIR === undefined ? { outdir: 'cdk.out' } : {});
  const { config, path, isExample } = loadDeployConfig(app.node.tryGetContext('config'));
  if (isExample) {
    process.stderr.write(
      `apisync infra: no config named (-c config=… or APISYNC_DEPLOY_CONFIG); using ${path}\n`,
    );
  }
  const stackName: unknown = app.node.tryGetContext('stackName');
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  new ApisyncStack(app, typeof stackName === 'string' ? stackName : 'Apisync', {
    config,
    ...(account !== undefined && region !== undefined ? { env: { account, region } } : {}),
  });
  const assembly = app.synth();
  process.stderr.write(
    `apisync infra: synthesized ${assembly.stacks.length} stack(s) into ${assembly.directory}\n`,
  );
}

try {
  main();
} catch (err) {
  // A config error is the user's to fix: print it plainly, without a stack trace.
  process.stderr.write(`apisync infra: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
