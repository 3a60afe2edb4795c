/**
 * Target fixtures shared by the targets tests: DESIGN.md's example with real references, a
 * minimal target, and a helper that returns the `ConfigError` a parse throws.
 */
import { expect } from 'vitest';
import { ConfigError } from '../../../lib/errors.js';
import { parseTargets } from '../../../lib/targets/index.js';

const ADMIN_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:apisix-admin#key';

/** DESIGN.md's example, with each `<ref>` placeholder replaced by a real reference. */
const DESIGN_EXAMPLE = {
  name: 'prod',
  backend: 'apisix',
  servers: ['https://apisix-admin.internal:9180'],
  adminKey: ADMIN_ARN,
  tls: {
    ca: 'file:/etc/apisync/ca.pem',
    clientCert: 'apisync/prod/mtls#cert',
    clientKey: 'apisync/prod/mtls#key',
    skipVerify: false,
  },
  source: {
    type: 'git',
    url: 'https://github.com/acme/gateway-config.git',
    ref: 'main',
    paths: ['adc/**/*.yaml'],
    token: 'env:GIT_TOKEN',
  },
  webhook: { provider: 'github', secrets: ['apisync/webhook#current', 'apisync/webhook#previous'] },
  labelSelector: { team: 'web' },
  excludeResourceTypes: ['consumer'],
  prune: 'owned',
  maxDeletes: 20,
  dryRun: false,
};

const MINIMAL = {
  name: 'dev',
  servers: ['http://127.0.0.1:9180'],
  source: { type: 'git', url: 'https://git.example/acme/gw.git' },
};

function configErrorOf(input: unknown, origin?: string): ConfigError {
  try {
    parseTargets(JSON.stringify(input), origin);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected parseTargets to throw');
}

export { ADMIN_ARN, configErrorOf, DESIGN_EXAMPLE, MINIMAL };
