import { describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../../lib/errors.js';
import { parseTargets } from '../../../lib/targets/index.js';
import { configErrorOf, MINIMAL } from './fixtures.js';

function issuesOf(input: unknown): ConfigIssue[] {
  return configErrorOf(input).issues;
}

describe('parseTargets on invalid input', () => {
  it.each<[string, Record<string, unknown>, ConfigIssue['path'], string]>([
    [
      'an uppercase name',
      { name: 'Prod' },
      [0, 'name'],
      'must be 1–63 characters of a-z, 0-9, "-" or "_", starting with a letter or digit',
    ],
    [
      'a name of 64 characters',
      { name: 'a'.repeat(64) },
      [0, 'name'],
      'must be 1–63 characters of a-z, 0-9, "-" or "_", starting with a letter or digit',
    ],
    ['a missing name', { name: undefined }, [0, 'name'], 'is required'],
    ['no servers', { servers: [] }, [0, 'servers'], 'must list at least one Admin API URL'],
    ['servers as a string', { servers: 'https://a:9180' }, [0, 'servers'], 'must be an array'],
    [
      'a non-http server',
      { servers: ['https://a:9180', 'ftp://a'] },
      [0, 'servers', 1],
      'must be an http(s) URL',
    ],
    [
      'credentials in a server URL',
      { servers: ['https://admin:k@a:9180'] },
      [0, 'servers', 0],
      'must not embed credentials; use a secret reference',
    ],
    [
      'a query in a server URL',
      { servers: ['https://a:9180/?api_key=k'] },
      [0, 'servers', 0],
      'must not have a query string or fragment',
    ],
    [
      'an unknown backend',
      { backend: 'kong' },
      [0, 'backend'],
      'must be one of "apisix", "apisix-standalone"',
    ],
    [
      'an unknown prune mode',
      { prune: 'some' },
      [0, 'prune'],
      'must be one of "owned", "all", "none"',
    ],
    ['a string dryRun', { dryRun: 'yes' }, [0, 'dryRun'], 'must be a boolean'],
    ['a negative maxDeletes', { maxDeletes: -1 }, [0, 'maxDeletes'], 'must be a whole number ≥ 0'],
    [
      'a fractional maxDeletes',
      { maxDeletes: 2.5 },
      [0, 'maxDeletes'],
      'must be a whole number ≥ 0',
    ],
    [
      'concurrency 0',
      { concurrency: 0 },
      [0, 'concurrency'],
      'must be a whole number from 1 to 64',
    ],
    [
      'timeoutMs above 15 min',
      { timeoutMs: 900_001 },
      [0, 'timeoutMs'],
      'must be a whole number from 1 to 900000',
    ],
    ['an unknown field', { prun: 'all' }, [0, 'prun'], 'is not a known field'],
    ['a missing source', { source: undefined }, [0, 'source'], 'is required'],
    [
      'an unknown source type',
      { source: { type: 'svn', url: 'https://x/y' } },
      [0, 'source', 'type'],
      'must be one of "git", "github", "gitlab", "local"',
    ],
    ['a git source without url', { source: { type: 'git' } }, [0, 'source', 'url'], 'is required'],
    [
      'a git source with an ssh URL',
      { source: { type: 'git', url: 'git@github.com:acme/gw.git' } },
      [0, 'source', 'url'],
      'must be an http(s) URL',
    ],
    [
      'a github URL without repo',
      { source: { type: 'github', url: 'https://github.com/acme' } },
      [0, 'source', 'url'],
      'must be https://<host>/<owner>/<repo>',
    ],
    [
      'a gitlab URL without project',
      { source: { type: 'gitlab', url: 'https://gitlab.com/acme' } },
      [0, 'source', 'url'],
      'must be https://<host>/<group>[/<subgroup>…]/<project>',
    ],
    [
      'a local source without path',
      { source: { type: 'local', paths: ['*.yaml'] } },
      [0, 'source', 'path'],
      'is required',
    ],
    [
      'a bad git ref',
      { source: { type: 'git', url: 'https://x/y.git', ref: 'main..dev' } },
      [0, 'source', 'ref'],
      'must be a branch, tag or commit SHA (git ref name rules)',
    ],
    [
      'empty source paths',
      { source: { type: 'git', url: 'https://x/y.git', paths: [] } },
      [0, 'source', 'paths'],
      'must list at least one glob',
    ],
    [
      'a token on a local source',
      { source: { type: 'local', path: '.', token: 'env:T' } },
      [0, 'source', 'token'],
      'is not a known field',
    ],
    [
      'a malformed secret reference',
      { adminKey: 'env:ADMIN KEY' },
      [0, 'adminKey'],
      'is not a secret reference: env: must be followed by a variable name ([A-Za-z_][A-Za-z0-9_]*)',
    ],
    [
      'a non-Secrets-Manager ARN',
      { adminKey: 'arn:aws:ssm:eu-west-1:123456789012:parameter/k' },
      [0, 'adminKey'],
      'is not a secret reference: an ARN reference must be a Secrets Manager secret ARN',
    ],
    [
      'a client cert without key',
      { tls: { clientCert: 'env:CERT' } },
      [0, 'tls', 'clientKey'],
      'is required: clientCert and clientKey go together (mTLS needs both)',
    ],
    [
      'a client key without cert',
      { tls: { clientKey: 'env:KEY' } },
      [0, 'tls', 'clientCert'],
      'is required: clientCert and clientKey go together (mTLS needs both)',
    ],
    [
      'a numeric label value',
      { labelSelector: { team: 1 } },
      [0, 'labelSelector', 'team'],
      'must be a string',
    ],
    [
      'a label value with a space',
      { labelSelector: { team: 'web app' } },
      [0, 'labelSelector', 'team'],
      'must be 1–256 characters without whitespace (APISIX label rules)',
    ],
    [
      'include and exclude together',
      { includeResourceTypes: ['route'], excludeResourceTypes: ['ssl'] },
      [0, 'excludeResourceTypes'],
      'cannot be combined with includeResourceTypes; use one or the other',
    ],
    [
      'an unknown resource type',
      { excludeResourceTypes: ['plugin_config'] },
      [0, 'excludeResourceTypes', 0],
      'must be one of "service", "ssl", "consumer", "global_rule", "plugin_metadata", "route", "stream_route", "consumer_credential", "upstream"',
    ],
    [
      'an unknown webhook provider',
      { webhook: { provider: 'gogs', secrets: ['env:S'] } },
      [0, 'webhook', 'provider'],
      'must be one of "github", "gitlab", "gitea", "bitbucket"',
    ],
    [
      'a webhook without secrets',
      { webhook: { provider: 'github', secrets: [] } },
      [0, 'webhook', 'secrets'],
      'must list at least one secret reference',
    ],
    [
      'a malformed webhook secret',
      { webhook: { provider: 'gitlab', secrets: ['env:S', 'file:'] } },
      [0, 'webhook', 'secrets', 1],
      'is not a secret reference: file: must be followed by a path',
    ],
    [
      'a webhook branch that is not a git ref',
      { webhook: { provider: 'github', secrets: ['env:S'], branch: 'bad..branch' } },
      [0, 'webhook', 'branch'],
      'must be a branch, tag or commit SHA (git ref name rules)',
    ],
  ])('reports %s at its exact path', (_label, patch, path, message) => {
    const input = { ...MINIMAL, ...patch };

    expect(issuesOf([input]).map((i) => [i.path, i.message])).toEqual([[path, message]]);
  });

  it('reports duplicate names at the second occurrence', () => {
    const issues = issuesOf([MINIMAL, { ...MINIMAL, name: 'other' }, MINIMAL]);

    expect(issues).toEqual([
      {
        path: [2, 'name'],
        message: 'must be unique: "dev" is already the name of target [0]',
        code: 'duplicate',
        resourceType: 'target',
        resourceName: 'dev',
      },
    ]);
  });

  it('reports every problem of every target at once, in target order', () => {
    const issues = issuesOf([
      { ...MINIMAL, name: 'a', servers: [], tls: { clientCert: 'env:C' } },
      { ...MINIMAL, name: 'b', prune: 'x' },
    ]);

    expect(issues.map((i) => [i.resourceName, i.path])).toEqual([
      ['a', [0, 'servers']],
      ['a', [0, 'tls', 'clientKey']],
      ['b', [1, 'prune']],
    ]);
  });

  it('summarises the issues in the message, with the origin', () => {
    const err = configErrorOf([{ ...MINIMAL, servers: [] }], 'targets.json');

    expect(err.message).toBe(
      'targets.json is invalid (1 problem):\n  targets.json[0].servers (target "dev"): must list at least one Admin API URL',
    );
  });

  it('never repeats a value pasted where a secret reference belongs', () => {
    // Prepare: a PEM key and an admin key where references belong.
    const pasted =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const leaked = 'edd1c9f0 34335f136f87ad84b625c8f1';

    // Act
    const err = configErrorOf([
      { ...MINIMAL, adminKey: leaked, tls: { clientCert: 'env:C', clientKey: pasted } },
    ]);

    // Assess
    const text = JSON.stringify(err.issues) + err.message;
    expect(err.issues.map((i) => i.path)).toEqual([
      [0, 'adminKey'],
      [0, 'tls', 'clientKey'],
    ]);
    expect(text).not.toContain('MIIEvQ');
    expect(text).not.toContain('34335f136f87ad84b625c8f1');
  });

  it.each([
    ['{"name":', 'APISYNC_TARGETS is not valid JSON: '],
    [
      '{"name":"prod"}',
      'APISYNC_TARGETS must be a JSON array of targets (wrap a single target in [ ])',
    ],
    ['"prod"', 'APISYNC_TARGETS must be a JSON array of targets'],
  ])('rejects %s as a whole document', (json, message) => {
    expect(() => parseTargets(json)).toThrow(message);
  });

  it('reports a non-object entry at its index', () => {
    expect(issuesOf([MINIMAL, 'prod']).map((i) => [i.path, i.message])).toEqual([
      [[1], 'must be an object'],
    ]);
  });
});
