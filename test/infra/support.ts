// Test-only helpers for the CDK tests: a stand-in `dist/` (the stack only zips the folders, so
// tiny handler files keep these tests independent of the esbuild build) and a synth helper.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type DeployConfigInput, FUNCTION_NAMES, parseDeployConfig } from '../../infra/props.js';
import { ApisyncStack } from '../../infra/stack.js';

interface StubAssets {
  dir: string;
  remove(): void;
}

function createStubAssets(): StubAssets {
  const dir = mkdtempSync(join(tmpdir(), 'apisync-infra-'));
  for (const name of FUNCTION_NAMES) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'index.mjs'), 'export const handler = async () => ({});\n');
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Synthesizes the stack for a config and returns its template. */
function synthTemplate(input: DeployConfigInput, assetsDir: string): Template {
  const app = new App();
  const stack = new ApisyncStack(app, 'Test', { config: parseDeployConfig(input), assetsDir });
  return Template.fromStack(stack);
}

/** A config with one target of each secret-reference flavour. */
const SAMPLE_CONFIG: DeployConfigInput = {
  targets: [
    {
      name: 'prod',
      backend: 'apisix',
      servers: ['https://apisix-admin.internal:9180'],
      adminKey: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:apisix-admin-AbCdEf#key',
      tls: { ca: 'apisync/prod/ca', clientKey: 'file:/etc/apisync/client.key' },
      source: { type: 'github', url: 'https://github.com/acme/cfg.git', token: 'gh/token' },
      webhook: { provider: 'github', secrets: ['gh/webhook#current', 'gh/webhook#previous'] },
    },
    {
      name: 'staging',
      backend: 'apisix',
      servers: ['http://apisix-staging:9180'],
      adminKey: 'env:STAGING_ADMIN_KEY',
      source: { type: 'local', path: './adc' },
    },
  ],
};

export type { StubAssets };
export { createStubAssets, SAMPLE_CONFIG, synthTemplate };
