// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about literal ${VAR} text
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintIssues, loadConfigFiles, loadConfigTexts } from '../../../lib/config/index.js';
import { ConfigError } from '../../../lib/errors.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'apisync-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = async (name: string, content: string) => {
  await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
  await writeFile(path.join(dir, name), content);
};

/** Runs `load` and returns the ConfigError it must throw. */
const configError = async (load: () => unknown): Promise<ConfigError> => {
  try {
    await load();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfigFiles', () => {
  it('merges several files by resource key, in pattern order', async () => {
    // Prepare
    await write('a.yaml', 'services:\n  - name: a\nglobal_rules:\n  cors: {}\n');
    await write(
      'b.json',
      '{"services": [{"name": "b"}], "consumers": [{"username": "u"}], "global_rules": {"prometheus": {}}}',
    );

    // Act
    const loaded = await loadConfigFiles(['a.yaml', 'b.json'], { cwd: dir, env: {} });

    // Assess
    expect(loaded.files).toEqual(['a.yaml', 'b.json']);
    expect(loaded.config).toEqual({
      services: [{ name: 'a' }, { name: 'b' }],
      consumers: [{ username: 'u' }],
      global_rules: { cors: {}, prometheus: {} },
    });
    expect(loaded.sources.locate(['services', 1, 'name'])).toEqual({
      file: 'b.json',
      line: 1,
      column: 16,
    });
  });

  it('expands globs, sorted, without reading a file twice', async () => {
    await write('conf/b.yaml', 'services:\n  - name: b\n');
    await write('conf/a.yaml', 'services:\n  - name: a\n');
    await write('conf/skip.txt', 'not yaml: [');

    const loaded = await loadConfigFiles(['conf/*.yaml', 'conf/a.yaml'], { cwd: dir, env: {} });

    expect(loaded.files).toEqual([path.join('conf', 'a.yaml'), path.join('conf', 'b.yaml')]);
    expect(loaded.config).toEqual({ services: [{ name: 'a' }, { name: 'b' }] });
  });

  it.each([
    [
      'service',
      'services:\n  - name: web\n',
      'services:\n  - name: other\n  - name: web\n',
      'service "web"',
      'b.yaml:3',
    ],
    [
      'consumer',
      'consumers:\n  - username: u\n',
      'consumers:\n  - username: u\n',
      'consumer "u"',
      'b.yaml:2',
    ],
    [
      'ssl',
      'ssls:\n  - snis: [a.com, b.com]\n',
      'ssls:\n  - snis: [a.com, b.com]\n',
      'ssl "a.com,b.com"',
      'b.yaml:2',
    ],
    [
      'global rule',
      'global_rules:\n  cors: {}\n',
      'global_rules:\n  cors: {}\n',
      'global_rule "cors"',
      'b.yaml:2',
    ],
    [
      'plugin metadata',
      'plugin_metadata:\n  http-logger: {}\n',
      'plugin_metadata:\n  http-logger: {}\n',
      'plugin_metadata "http-logger"',
      'b.yaml:2',
    ],
  ])('names both files for a duplicate %s', async (_label, a, b, what, where) => {
    await write('a.yaml', a);
    await write('b.yaml', b);

    const err = await configError(() =>
      loadConfigFiles(['a.yaml', 'b.yaml'], { cwd: dir, env: {} }),
    );

    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]?.code).toBe('duplicate');
    expect(err.issues[0]?.message).toContain(
      `Duplicate ${what} in ${where}, first defined in a.yaml:`,
    );
  });

  it('reports a duplicate inside one file (ADC silently keeps the last)', async () => {
    await write('a.yaml', 'services:\n  - name: web\n  - name: web\n');
    const err = await configError(() => loadConfigFiles(['a.yaml'], { cwd: dir, env: {} }));
    expect(err.issues.map((i) => i.message)).toEqual([
      'Duplicate service "web" in a.yaml:3, first defined in a.yaml:2',
    ]);
  });

  it('reports every pattern that matches nothing', async () => {
    const err = await configError(() =>
      loadConfigFiles(['missing.yaml', 'none/*.yaml'], { cwd: dir, env: {} }),
    );
    expect(err.issues.map((i) => i.code)).toEqual(['not_found', 'not_found']);
  });

  it('lists every unset variable in one error, with file and line', async () => {
    await write(
      'a.yaml',
      'services:\n  - name: ${SVC}\n    description: ${DESC} ${SVC}\n    hosts: ["${HOST:-h}"]\n',
    );

    const err = await configError(() => loadConfigFiles(['a.yaml'], { cwd: dir, env: {} }));

    expect(err.message.split('\n')[0]).toBe(
      'Invalid configuration: 3 problems; unset environment variables: SVC, DESC',
    );
    expect(err.issues.map((i) => [i.line, i.code])).toEqual([
      [2, 'env_unset'],
      [3, 'env_unset'],
      [3, 'env_unset'],
    ]);
  });

  it('substitutes variables before merging, in values only', async () => {
    await write(
      'a.yaml',
      'services:\n  - name: ${SVC}\nglobal_rules:\n  "${SVC}": { a: "\\\\${SVC}" }\n',
    );
    const loaded = await loadConfigFiles(['a.yaml'], { cwd: dir, env: { SVC: 'web' } });
    expect(loaded.config).toEqual({
      services: [{ name: 'web' }],
      global_rules: { '${SVC}': { a: '${SVC}' } },
    });
  });

  it('refuses a 50 MB file by its size, with a clear message and without reading it', async () => {
    // Prepare: a sparse-enough file of 50 MiB of spaces
    await writeFile(path.join(dir, 'big.yaml'), Buffer.alloc(50 * 1024 * 1024, 0x20));

    // Act
    const err = await configError(() => loadConfigFiles(['big.yaml'], { cwd: dir, env: {} }));

    // Assess
    expect(err.issues).toEqual([expect.objectContaining({ file: 'big.yaml', code: 'too_large' })]);
    expect(err.issues[0]?.message).toBe(
      'big.yaml is 50.0 MiB, over the 16.0 MiB limit for one configuration file; split it into several files',
    );
  });
});

describe('loadConfigTexts on bad input', () => {
  const deepJson = `{"services":[{"name":"a","plugins":{"p":${'['.repeat(1000)}${']'.repeat(1000)}}}]}`;
  const deepYaml = `services:\n  - name: a\n    plugins:\n      p: ${'['.repeat(1000)}${']'.repeat(1000)}\n`;

  it.each([
    ['malformed YAML', 'a.yaml', 'services: [\n', 'invalid_yaml'],
    ['malformed JSON', 'a.json', '{"services": [}', 'invalid_json'],
    ['a non-object top level (scalar)', 'a.yaml', 'just text\n', 'invalid_type'],
    ['a non-object top level (JSON array)', 'a.json', '[]', 'invalid_type'],
    ['a wrong type for a section', 'a.yaml', 'services: 5\n', 'invalid_type'],
    ['a wrong type for plugin records', 'a.yaml', 'global_rules: [a]\n', 'invalid_type'],
    [
      'an infinite number',
      'a.json',
      '{"services":[{"name":"a","upstream":{"retries":1e400}}]}',
      'number_out_of_range',
    ],
    [
      'an integer beyond 2^53',
      'a.yaml',
      'services:\n  - name: a\n    plugins: { p: { n: 123456789012345678901 } }\n',
      'number_out_of_range',
    ],
    ['1,000-deep JSON nesting', 'a.json', deepJson, 'too_deep'],
    ['1,000-deep YAML nesting', 'a.yaml', deepYaml, 'too_deep'],
    ['an unknown top-level key', 'a.yaml', 'route:\n  - name: a\n', 'unrecognized_keys'],
    [
      'a YAML alias bomb',
      'a.yaml',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 120 }, (_, i) => `k${i}: *a`).join('\n')}\n`,
      'invalid_yaml',
    ],
  ])('reports %s as a ConfigError, never a stack trace', async (_label, file, content, code) => {
    const err = await configError(() => loadConfigTexts([{ path: file, content }], { env: {} }));
    expect(err.issues[0]?.code).toBe(code);
    expect(err.issues[0]?.file).toBe(file);
    expect(err.message).not.toMatch(/\n\s+at /);
  });

  it('reports the position of a YAML syntax error', async () => {
    const err = await configError(() =>
      loadConfigTexts([{ path: 'a.yaml', content: 'services:\n  - name: a\n   bad: [\n' }], {
        env: {},
      }),
    );
    expect(err.issues[0]).toMatchObject({ file: 'a.yaml', line: 3, code: 'invalid_yaml' });
  });

  it('accepts an empty document as an empty configuration', () => {
    expect(loadConfigTexts([{ path: 'a.yaml', content: '' }], { env: {} }).config).toEqual({});
  });
});

describe('loadConfigTexts values and positions', () => {
  /** `count` services of two routes each; `bad` gets an invalid method on its second route. */
  const services = (count: number, bad: number, prefix = 's'): string =>
    `services:\n${Array.from(
      { length: count },
      (_, i) => `  - name: ${prefix}${i}
    upstream:
      nodes: [{ host: h${i}.internal, port: 80, weight: 1 }]
    routes:
      - name: r0
        uris: [/${i}/a]
      - name: r1
        uris: ["/${i}/b"]
        methods: [GET, ${i === bad ? 'FETCH' : 'POST'}]
`,
    ).join('')}`;

  /** 1-based line and column of the first occurrence of `needle`. */
  const positionOf = (text: string, needle: string) => {
    const before = text.slice(0, text.indexOf(needle)).split('\n');
    return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
  };

  it('reads YAML 1.2 core scalars, leaving YAML 1.1 spellings and dates as strings', () => {
    const loaded = loadConfigTexts(
      [
        {
          path: 'a.yaml',
          content:
            'plugin_metadata:\n  p: { a: yes, b: on, c: 2001-12-14, d: 0o17, e: 0x1F, f: 017, g: ~, h: 1_000, i: True }\n',
        },
      ],
      { env: {} },
    );
    expect(loaded.config).toEqual({
      plugin_metadata: {
        p: {
          a: 'yes',
          b: 'on',
          c: '2001-12-14',
          d: 15,
          e: 31,
          f: 17,
          g: null,
          h: '1_000',
          i: true,
        },
      },
    });
  });

  it('resolves anchors and aliases, and keeps a merge key as a plain key', () => {
    const content = 'global_rules:\n  a: &conf { x: 1 }\n  b: *conf\n  c: { <<: *conf }\n';
    const loaded = loadConfigTexts([{ path: 'a.yaml', content }], { env: {} });
    expect(loaded.config).toEqual({
      global_rules: { a: { x: 1 }, b: { x: 1 }, c: { '<<': { x: 1 } } },
    });
  });

  it('locates a lint issue deep in a large file at its line and column', () => {
    // Prepare
    const content = services(200, 137);
    const loaded = loadConfigTexts([{ path: 'big.yaml', content }], { env: {} });

    // Act
    const issues = lintIssues(loaded.config, { sources: loaded.sources });

    // Assess: "FETCH", element 1 of the methods of s137's second route
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'big.yaml',
        ...positionOf(content, 'FETCH'),
        resourceType: 'route',
        resourceName: 'r1',
        path: ['services', 137, 'routes', 1, 'methods', 1],
        code: 'invalid_value',
      }),
    ]);
  });

  it('locates issues in the second of several files', () => {
    const first = services(30, -1, 'a');
    const second = services(30, 12, 'b');
    const loaded = loadConfigTexts(
      [
        { path: 'a.yaml', content: first },
        { path: 'b.yaml', content: second },
      ],
      { env: {} },
    );
    const [issue] = lintIssues(loaded.config, { sources: loaded.sources });
    expect(issue).toMatchObject({
      file: 'b.yaml',
      ...positionOf(second, 'FETCH'),
      path: ['services', 42, 'routes', 1, 'methods', 1],
    });
  });

  it('names the lines of both places of a duplicate across large files', async () => {
    const first = services(50, -1, 'a');
    const second = `${services(50, -1, 'b')}  - name: a31\n`;
    const err = await configError(() =>
      loadConfigTexts(
        [
          { path: 'a.yaml', content: first },
          { path: 'b.yaml', content: second },
        ],
        { env: {} },
      ),
    );
    const firstLine = positionOf(first, '- name: a31\n').line;
    const dupLine = second.split('\n').length - 1;
    expect(err.issues.map((i) => i.message)).toEqual([
      `Duplicate service "a31" in b.yaml:${dupLine}, first defined in a.yaml:${firstLine}`,
    ]);
  });
});

describe('loadConfigTexts with a __proto__ key', () => {
  it.each([
    ['JSON', 'adc.json', '{"services":[{"name":"a","__proto__":{"x":1}}]}'],
    ['YAML', 'adc.yaml', 'services:\n  - name: a\n    __proto__:\n      x: 1\n'],
  ])('keeps it as a key so lint names it (%s)', (_kind, path, content) => {
    // Act
    const loaded = loadConfigTexts([{ path, content }], { env: {} });
    const issues = lintIssues(loaded.config, { sources: loaded.sources });

    // Assess
    expect(Object.keys((loaded.config.services as Record<string, unknown>[])[0] ?? {})).toContain(
      '__proto__',
    );
    expect(issues.map((i) => i.path)).toEqual([['services', 0, '__proto__']]);
  });
});
