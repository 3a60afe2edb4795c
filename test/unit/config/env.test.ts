// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about literal ${VAR} text
import { describe, expect, it } from 'vitest';
import { substituteEnv } from '../../../lib/config/index.js';

describe('substituteEnv', () => {
  it.each([
    ['a set variable', '${HOST}', { HOST: 'api.internal' }, 'api.internal'],
    [
      'several references in one value',
      'http://${HOST}:${PORT}/',
      { HOST: 'h', PORT: '80' },
      'http://h:80/',
    ],
    ['a default for an unset variable', '${PORT:-8080}', {}, '8080'],
    ['a default for an empty variable', '${PORT:-8080}', { PORT: '' }, '8080'],
    ['the value over the default', '${PORT:-8080}', { PORT: '9090' }, '9090'],
    ['an empty default', '${X:-}', {}, ''],
    ['an escape kept literal', '\\${HOST}', { HOST: 'h' }, '${HOST}'],
    ['an escape with a default kept literal', '\\${HOST:-x}', {}, '${HOST:-x}'],
    ['a set but empty variable without a default', '${EMPTY}', { EMPTY: '' }, ''],
    ['text without references', 'plain $HOST text', { HOST: 'h' }, 'plain $HOST text'],
  ])('substitutes %s', (_label, input, env, expected) => {
    const result = substituteEnv({ v: input }, env);
    expect(result.value).toEqual({ v: expected });
    expect(result.unset).toEqual([]);
  });

  it('reports every reference to an unset variable with its path', () => {
    const result = substituteEnv({ a: ['${ONE}'], b: { c: '${TWO} ${ONE}' } }, {});
    expect(result.unset).toEqual([
      { name: 'ONE', path: ['a', 0] },
      { name: 'TWO', path: ['b', 'c'] },
      { name: 'ONE', path: ['b', 'c'] },
    ]);
  });

  it('substitutes an empty string for an unset variable when allowEmptyEnv is set (ADC behaviour)', () => {
    const result = substituteEnv({ v: 'x${MISSING}y' }, {}, { allowEmptyEnv: true });
    expect(result).toEqual({ value: { v: 'xy' }, unset: [] });
  });

  it('leaves keys untouched', () => {
    const result = substituteEnv({ global_rules: { '${KEY}': { a: '${KEY}' } } }, { KEY: 'k' });
    expect(result.value).toEqual({ global_rules: { '${KEY}': { a: 'k' } } });
  });

  it('leaves numbers, booleans and null alone and does not mutate its input', () => {
    const input = Object.freeze({ n: 1, b: true, z: null, s: Object.freeze(['${A}']) });
    const result = substituteEnv(input, { A: 'a' });
    expect(result.value).toEqual({ n: 1, b: true, z: null, s: ['a'] });
    expect(input.s).toEqual(['${A}']);
  });
});
