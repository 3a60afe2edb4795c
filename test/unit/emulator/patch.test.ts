import { describe, expect, it } from 'vitest';
import { mergePatch, patchPath } from '../../../lib/emulator/apisix-admin/patch.js';
import type { JsonObject } from '../../../lib/emulator/apisix-admin/types.js';

describe('mergePatch', () => {
  it.each<[string, JsonObject, JsonObject, JsonObject]>([
    ['deletes a key sent as null', { a: 1, b: 2 }, { b: null }, { a: 1 }],
    [
      'merges into a non-empty object',
      { l: { x: '1', y: '2' } },
      { l: { y: '3' } },
      { l: { x: '1', y: '3' } },
    ],
    ['replaces an array', { m: ['GET', 'PUT'] }, { m: ['POST'] }, { m: ['POST'] }],
    [
      'replaces an empty object, keeping nulls sent inside',
      { l: {} },
      { l: { x: null } },
      { l: { x: null } },
    ],
    [
      'merges an array into a non-empty object as Lua keys',
      { l: { x: '1' } },
      { l: ['a'] },
      { l: { x: '1', '1': 'a' } },
    ],
    ['replaces a scalar with an object', { d: 'x' }, { d: { y: 1 } }, { d: { y: 1 } }],
  ])('%s', (_name, origin, extend, expected) => {
    expect(mergePatch(origin, extend)).toEqual(expected);
  });
});

describe('patchPath', () => {
  it.each<[string, JsonObject, string[], string | undefined, JsonObject]>([
    [
      'sets a nested value, creating objects',
      { uri: '/a' },
      ['labels', 'team'],
      undefined,
      { uri: '/a', labels: { team: 'v' } },
    ],
    [
      'names the path from a failing first segment',
      { uri: '/a' },
      ['uri', 'x'],
      'invalid sub-path: /uri1x',
      { uri: '/a' },
    ],
    [
      'names the path from a failing later segment, as table.concat(t, 1, i) does',
      { labels: { team: 'edge' } },
      ['labels', 'team', 'x', 'y'],
      'invalid sub-path: /team1x1y',
      { labels: { team: 'edge' } },
    ],
  ])('%s', (_name, node, segments, error, expected) => {
    expect([patchPath(node, segments, 'v'), node]).toEqual([error, expected]);
  });
});
