import { describe, expect, it } from 'vitest';
import {
  diffEnvSpecific,
  diffJson,
  diffText,
  type Json,
  type StepContext,
} from './transcript-compare.js';
import { loadRecording, recordedContexts } from './transcript-support.js';

type Obj = { [key: string]: Json };

function ctx(method: string, path: string, extra: Partial<StepContext> = {}): StepContext {
  return { version: '3.18.0', method, path, sent: new Set(), clientTimes: new Set(), ...extra };
}

function diff(expected: Json, actual: Json, context: StepContext): string[] {
  const out: string[] = [];
  diffJson(expected, actual, [], context, out);
  return out;
}

const PUT_ROUTE = ctx('PUT', '/apisix/admin/routes/r1');
const PUT_CONSUMER = ctx('PUT', '/apisix/admin/consumers', { sent: new Set(['jack-secret']) });
const PUT_SSL = ctx('PUT', '/apisix/admin/ssls/1', { sent: new Set(['PEM-KEY', 'PEM-KEY-2']) });
const LIST_SSL_313 = { ...ctx('GET', '/apisix/admin/ssls'), version: '3.13.0', sent: PUT_SSL.sent };
const LIST_SSL_318 = { ...LIST_SSL_313, version: '3.18.0' };
const GET_CONSUMER = ctx('GET', '/apisix/admin/consumers/jack', { sent: PUT_CONSUMER.sent });
const PATCH_TIME = ctx('PATCH', '/apisix/admin/routes/r1', { clientTimes: new Set([1700000000]) });
const NOW = 1760000000;
const auth = (plugin: string, field: string, value: Json): Obj => ({
  value: { plugins: { [plugin]: { [field]: value } } },
});

describe('diffJson', () => {
  it.each<[string, Json, Json, StepContext]>([
    ['a wrong etcd key', { key: '/apisix/routes/r1' }, { key: '/apisix/routes/r2' }, PUT_ROUTE],
    [
      'a wrong credential key',
      { key: '/apisix/consumers/jack/credentials/c1' },
      { key: '/apisix/consumers/jack/c1' },
      PUT_ROUTE,
    ],
    [
      'a named key where a generated id was recorded',
      { key: '/apisix/routes/00000000000000003858' },
      { key: '/apisix/routes/r1' },
      PUT_ROUTE,
    ],
    [
      'a wrong limit-count key',
      auth('limit-count', 'key', 'remote_addr'),
      auth('limit-count', 'key', 'server_addr'),
      PUT_ROUTE,
    ],
    ['a wrong chash key', { value: { key: 'X-User' } }, { value: { key: 'X-Other' } }, PUT_ROUTE],
    [
      'plaintext where a write answer has key-auth ciphertext',
      auth('key-auth', 'key', 'htgVAxBmYBDntNksyxa31Q=='),
      auth('key-auth', 'key', 'jack-secret'),
      PUT_CONSUMER,
    ],
    [
      'a non-string where a write answer has ciphertext',
      auth('basic-auth', 'password', 'XMVxUvTfswWoRcNSzwHuGw=='),
      auth('basic-auth', 'password', 1),
      PUT_CONSUMER,
    ],
    [
      'ciphertext where a GET answers the plaintext',
      auth('key-auth', 'key', 'jack-secret'),
      auth('key-auth', 'key', 'htgVAxBmYBDntNksyxa31Q=='),
      GET_CONSUMER,
    ],
    [
      'the plaintext SSL key in a write answer',
      { value: { key: 'VMF7ACvw', keys: ['b2Zm'] } },
      { value: { key: 'VMF7ACvw', keys: ['PEM-KEY-2'] } },
      PUT_SSL,
    ],
    [
      'an SSL key on a 3.18 list GET',
      { list: [{ value: {} }] },
      { list: [{ value: { key: 'x' } }] },
      LIST_SSL_318,
    ],
    [
      'a non-numeric timestamp',
      { value: { update_time: NOW } },
      { value: { update_time: '1' } },
      PUT_ROUTE,
    ],
    [
      'a client-sent timestamp not kept',
      { value: { update_time: 1700000000 } },
      { value: { update_time: NOW } },
      PATCH_TIME,
    ],
    [
      'a client-sent timestamp kept where APISIX set its own',
      { value: { update_time: NOW } },
      { value: { update_time: 1700000000 } },
      PATCH_TIME,
    ],
    [
      'a nested create_time that is not the resource timestamp',
      { value: { labels: { create_time: 1 } } },
      { value: { labels: { create_time: 2 } } },
      PUT_ROUTE,
    ],
    ['a missing index', { createdIndex: 3, value: {} }, { value: {} }, PUT_ROUTE],
    ['an empty array for an empty object', { list: {} }, { list: [] }, PUT_ROUTE],
    ['an extra array item', { list: [1] }, { list: [1, 2] }, PUT_ROUTE],
  ])('reports %s', (_name, expected, actual, context) => {
    expect(diff(expected, actual, context)).not.toEqual([]);
  });

  it.each<[string, Json, Json, StepContext]>([
    [
      'another generated id',
      { key: '/apisix/routes/00000000000000003858', value: { id: '00000000000000003858' } },
      { key: '/apisix/routes/00000000000000000012', value: { id: '00000000000000000012' } },
      PUT_ROUTE,
    ],
    [
      'other key-auth ciphertext in a write answer',
      auth('key-auth', 'key', 'htgVAxBmYBDntNksyxa31Q=='),
      auth('key-auth', 'key', 'c2VjcmV0'),
      PUT_CONSUMER,
    ],
    [
      'other SSL key ciphertext on a 3.13 list GET',
      { list: [{ value: { key: 'VMF7ACvw' } }] },
      { list: [{ value: { key: 'b3RoZXI=' } }] },
      LIST_SSL_313,
    ],
    [
      'server-set timestamps and indexes of another run',
      { createdIndex: 3, modifiedIndex: 4, value: { create_time: NOW, update_time: NOW } },
      { createdIndex: 9, modifiedIndex: 9, value: { create_time: 1, update_time: 2 } },
      PUT_ROUTE,
    ],
    [
      'a client-sent timestamp kept',
      { value: { update_time: 1700000000 } },
      { value: { update_time: 1700000000 } },
      PATCH_TIME,
    ],
  ])('accepts %s', (_name, expected, actual, context) => {
    expect(diff(expected, actual, context)).toEqual([]);
  });
});

describe('diffText', () => {
  it.each<[string, string, string, string, boolean]>([
    [
      'the same nginx title',
      '<title>404 Not Found</title>x',
      '<title>404 Not Found</title>y',
      'text/html',
      true,
    ],
    [
      'another nginx title',
      '<title>404 Not Found</title>',
      '<title>500 Internal</title>',
      'text/html',
      false,
    ],
    ['no title at all', '<title>404 Not Found</title>', 'oops', 'text/html', false],
    ['other plain text', 'a', 'b', 'text/plain', false],
  ])('compares %s', (_name, expected, actual, type, same) => {
    expect(diffText(expected, actual, type) === undefined).toBe(same);
  });
});

describe('diffEnvSpecific', () => {
  const recorded = ['a', 'b', 'c'];
  const protoError = { error_msg: 'invalid content: ...<redacted>/protoc.lua:638: boom' };
  it.each<[string, Json, Json, boolean]>([
    [
      'a plugin list with a plugin that did not load there',
      recorded,
      ['a', 'saml-auth', 'b', 'c'],
      true,
    ],
    ['a plugin list with an unknown extra plugin', recorded, ['a', 'b', 'c', 'zz'], false],
    ['a plugin list missing a plugin', recorded, ['a', 'c'], false],
    ['a plugin list in another order', recorded, ['b', 'a', 'c'], false],
    ['an error with the same prefix', protoError, { error_msg: 'invalid content: other' }, true],
    ['an error with another prefix', protoError, { error_msg: 'invalid conf: x' }, false],
    ['an error with extra fields', protoError, { error_msg: 'invalid content: x', x: 1 }, false],
  ])('compares %s', (_name, expected, actual, same) => {
    expect(diffEnvSpecific(expected, actual, '3.18.0').length === 0).toBe(same);
  });
});

/** The README's normalised positions, written out independently of the comparator's code. */
function allowed(path: string, context: StepContext): 'timestamp' | 'index' | 'cipher' | undefined {
  if (/^(list\.\d+\.)?value\.(create_time|update_time)$/.test(path)) return 'timestamp';
  if (/^(list\.\d+\.)?(createdIndex|modifiedIndex)$/.test(path)) return 'index';
  const ssl = context.path.startsWith('/apisix/admin/ssls');
  const write = ['PUT', 'POST', 'PATCH'].includes(context.method);
  if (write && /^value\.plugins\.(key-auth\.key|basic-auth\.password)$/.test(path)) return 'cipher';
  if (write && ssl && /^value\.(key|keys\.\d+)$/.test(path)) return 'cipher';
  const list313 = context.method === 'GET' && context.version === '3.13.0';
  if (list313 && ssl && /^list\.\d+\.value\.(key|keys\.\d+)$/.test(path)) return 'cipher';
  return undefined;
}

function leaves(value: Json, path: string[] = []): string[][] {
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}

function withLeaf(body: Json, path: string[], change: (leaf: Json) => Json): Json {
  const copy = structuredClone(body);
  let parent: Json = copy;
  for (const part of path.slice(0, -1)) parent = (parent as Obj)[part] as Json;
  const last = path.at(-1) as string;
  (parent as Obj)[last] = change((parent as Obj)[last] as Json);
  return copy;
}

function changed(leaf: Json): Json {
  if (typeof leaf === 'string') return `${leaf}-changed`;
  if (typeof leaf === 'number') return leaf + 1;
  if (typeof leaf === 'boolean') return !leaf;
  return 0;
}

describe.each(['3.13.0', '3.18.0'])(
  'the transcript comparison over the %s recording',
  (version) => {
    const scenarios = loadRecording(version);
    const steps = scenarios.flatMap((scenario) => {
      const contexts = recordedContexts(scenario, version);
      return scenario.steps.map((step, i) => ({ step, context: contexts[i] as StepContext }));
    });
    const json = steps.filter(({ step }) => step.response.bodyType === 'json' && !step.envSpecific);

    it('reports a changed value at every field except the normalised ones', () => {
      // Prepare / Act: change each leaf of each recorded answer, one at a time.
      const silent: string[] = [];
      const tally = { timestamp: 0, index: 0, cipher: 0, exact: 0 };
      for (const { step, context } of json) {
        const body = step.response.body;
        expect(diff(body, body, context)).toEqual([]);
        for (const path of leaves(body)) {
          const kind = allowed(path.join('.'), context);
          tally[kind ?? 'exact'] += 1;
          const reported = diff(body, withLeaf(body, path, changed), context).length > 0;
          if (reported !== (kind === undefined))
            silent.push(`${step.request.path} ${path.join('.')}`);
        }
      }
      // Assess: only the README's positions tolerate a new value; each kind occurs in the data.
      expect(silent).toEqual([]);
      expect(tally.exact).toBeGreaterThan(1000);
      expect(Math.min(tally.timestamp, tally.index, tally.cipher)).toBeGreaterThan(0);
    });

    it('reports a wrong type, a removed field and an added field anywhere', () => {
      const silent: string[] = [];
      for (const { step, context } of json) {
        const body = step.response.body;
        for (const path of leaves(body).filter((p) => p.length > 0)) {
          const retyped = withLeaf(body, path, (leaf) => (typeof leaf === 'string' ? 7 : 'x'));
          const last = path.at(-1) as string;
          const parentPath = ['root', ...path.slice(0, -1)];
          const edit = (change: (parent: Json) => Json) =>
            (withLeaf({ root: body }, parentPath, change) as Obj).root as Json;
          const removed = edit((parent) =>
            Array.isArray(parent)
              ? parent.filter((_v, i) => String(i) !== last)
              : Object.fromEntries(Object.entries(parent as Obj).filter(([k]) => k !== last)),
          );
          const added = edit((parent) =>
            Array.isArray(parent) ? [...parent, 1] : { ...(parent as Obj), __extra: 1 },
          );
          const checks = [retyped, removed, added];
          for (const actual of checks)
            if (diff(body, actual, context).length === 0)
              silent.push(`${step.request.path} ${path.join('.')}`);
        }
      }
      expect(silent).toEqual([]);
    });
  },
);
