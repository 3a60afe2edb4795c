import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/props.js';
import { secretIdsFor, secretResourceArns } from '../../infra/secret-refs.js';
import { arnText } from './template-queries.js';

const FULL_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:apisix/admin-AbC123';
const PARTIAL_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:apisix/admin';

describe('secretResourceArns', () => {
  // An environment-specific stack renders account and region as literals.
  const stack = new Stack(new App(), 'S', {
    env: { account: '111122223333', region: 'us-east-1' },
  });

  it.each([
    ['a name', 'apisix/prod', ['secret:apisix/prod-??????']],
    ['a complete ARN', FULL_ARN, [FULL_ARN, `${FULL_ARN}-??????`]],
    ['a partial ARN', PARTIAL_ARN, [`${PARTIAL_ARN}-??????`]],
  ])('scopes %s to that secret only', (_case, id, expected) => {
    const text = secretResourceArns(id, stack).map((arn) => arnText(stack.resolve(arn)));
    expect(text).toHaveLength(expected.length);
    text.forEach((arn, i) => {
      expect(arn.endsWith(expected[i] ?? '')).toBe(true);
      expect(arn).not.toContain('*');
    });
  });

  it('places a name in the stack account and region', () => {
    const [arn] = secretResourceArns('apisix/prod', stack).map((a) =>
      JSON.stringify(stack.resolve(a)),
    );
    expect(arn).toContain(':secretsmanager:us-east-1:111122223333:secret:apisix/prod-??????');
  });
});

describe('secretIdsFor', () => {
  const config = parseDeployConfig({
    targets: [
      {
        name: 'a',
        adminKey: 'a/admin#key',
        tls: { ca: 'env:CA', clientCert: 'a/mtls#cert', clientKey: 'a/mtls#key' },
        source: { token: 'git/token' },
        webhook: { secrets: ['a/hook', 'file:/hook'] },
      },
      { name: 'b', adminKey: 'a/admin#other', webhook: { secrets: ['b/hook'] } },
    ],
    syncApiAuth: 'bearer',
    syncApiTokenSecret: 'api/token',
    secrets: ['shared/ca'],
  });

  it.each([
    ['reconcile', ['a/admin', 'a/mtls', 'git/token', 'shared/ca']],
    ['git-webhook', ['a/hook', 'b/hook']],
    ['sync-api', ['api/token', 'shared/ca']],
  ] as const)('lists what %s reads, deduplicated, without env:/file: refs', (fn, expected) => {
    expect(secretIdsFor(config, fn)).toEqual(expected);
  });
});
