import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintConfig, lintIssues, loadConfigTexts, toResources } from '../../../lib/config/index.js';
import { ConfigError, type ConfigIssue } from '../../../lib/errors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/config');
const caseFiles = (dir: string) =>
  readdirSync(path.join(root, dir))
    .filter((f) => !f.endsWith('.expect'))
    .sort();

const issuesOf = (dir: string, file: string): ConfigIssue[] => {
  const content = readFileSync(path.join(root, dir, file), 'utf8');
  try {
    const loaded = loadConfigTexts([{ path: file, content }], { env: {} });
    return lintIssues(loaded.config, { sources: loaded.sources });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
};

interface Expected {
  line: number;
  resourceType?: string;
  resourceName?: string;
  path: (string | number)[];
  code: string;
  message: string;
}

const expectationOf = (file: string): Expected => {
  const full = path.join(root, 'invalid', file);
  const text = file.endsWith('.json')
    ? readFileSync(`${full}.expect`, 'utf8')
    : (/^# expect: (.*)$/m.exec(readFileSync(full, 'utf8'))?.[1] ?? '');
  return JSON.parse(text);
};

describe('config fixtures', () => {
  it.each(caseFiles('valid'))('loads and lints valid/%s without issues', (file) => {
    // Act
    const issues = issuesOf('valid', file);

    // Assess
    expect(issues).toEqual([]);
  });

  it.each(caseFiles('invalid'))('reports the expected issue for invalid/%s', (file) => {
    // Prepare
    const expected = expectationOf(file);

    // Act
    const [first] = issuesOf('invalid', file);

    // Assess
    expect(first).toBeDefined();
    expect(first?.file).toBe(file);
    expect(first?.line).toBe(expected.line);
    expect(first?.resourceType).toBe(expected.resourceType);
    expect(first?.resourceName).toBe(expected.resourceName);
    expect(first?.path).toEqual(expected.path);
    expect(first?.code).toBe(expected.code);
    expect(first?.message).toContain(expected.message);
  });

  it('yields ADC ids for every resource of the valid fixtures', () => {
    // Prepare
    const files = caseFiles('valid').map((f) => ({
      path: f,
      content: readFileSync(path.join(root, 'valid', f), 'utf8'),
    }));

    // Act
    const resources = toResources(lintConfig(loadConfigTexts(files, { env: {} }).config));
    const ids = Object.fromEntries(resources.map((r) => [`${r.type}:${r.name}`, r.id]));

    // Assess
    expect(ids).toMatchObject({
      'service:httpbin': '1cce0451c1506aebd20dc38421c5cc856493e694',
      'upstream:httpbin': '1cce0451c1506aebd20dc38421c5cc856493e694',
      'route:get-anything': '0c23abaef322e92fcb7691423f1718fa0f8baf07',
      'route:post': 'd7e62000a59492ded887f6fcc761a497f6fb0d96',
      'service:orders': 'orders-svc',
      'upstream:orders': 'orders-svc',
      'upstream:canary': 'f2952e3018aa99038904231971766e568b300563',
      'upstream:legacy': 'legacy-upstream',
      'route:list': 'orders-list',
      'stream_route:redis-6379': 'd2f20001fc7529e912d32730df4e63c1359ba25f',
      'ssl:example.com': '0caaf24ab1a0c33440c06afe99df986365b0781f',
      'ssl:a.example.com,b.example.com': '3ba2e9503733b5dd9f77fce92ff1e912fb293f38',
      'consumer:alice': 'alice',
      'consumer_credential:key': 'af9473a5be8267f9d2eca877de3c62b6d7c058cf',
      'consumer_credential:basic': 'alice-basic',
      'service:users': '5b7dcd14a4faa2cdd54cf6eb8d4bc35da31914a1',
      'route:all': 'df1395495a237d59de124a400c3b10a408808457',
      'global_rule:prometheus': 'prometheus',
      'plugin_metadata:http-logger': 'http-logger',
    });
  });
});
