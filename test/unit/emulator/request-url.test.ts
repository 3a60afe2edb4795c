import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitTarget } from '../../../lib/emulator/apisix-admin/request-url.js';

/** What the server did before the fast path: always the URL parser. */
function viaUrl(target: string): { path: string; query: string } {
  const url = new URL(target, 'http://emulator');
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // kept as is
  }
  return { path, query: url.searchParams.toString() };
}

function split(target: string): { path: string; query: string } {
  const { path, query } = splitTarget(target);
  return { path, query: query.toString() };
}

/** The answer, or `throws` (a target the URL parser rejects is a 500 either way). */
function outcome(fn: (target: string) => unknown, target: string): unknown {
  try {
    return fn(target);
  } catch {
    return 'throws';
  }
}

describe('splitTarget', () => {
  it.each([
    '/apisix/admin/routes/r1',
    '/apisix/admin/consumers/jack/credentials/c-1',
    '/apisix/admin/routes?page=2&page_size=10',
    '/apisix/admin/routes/./r1',
    '/apisix/admin/routes/../upstreams',
    '/apisix/admin/routes/..',
    '/apisix/admin/routes/a..b',
    '//evil/apisix/admin/routes',
    '/apisix/admin//routes/',
    '/apisix/admin/routes/%2e%2e',
    '/apisix/admin/routes/a%20b',
    '/apisix/admin/routes/%E0%A4%A',
    '/apisix/admin/routes/r 1',
    '/apisix/admin/routes\\r1',
    '/apisix/admin/routes/r1#frag',
    '/apisix/admin/routes/ü',
    '*',
    '//',
  ])('splits %s as the URL parser does', (target) => {
    expect(outcome(split, target)).toEqual(outcome(viaUrl, target));
  });

  it('splits any target built from path-significant characters as the URL parser does', () => {
    const piece = fc.constantFrom(
      '/',
      '.',
      '..',
      'a',
      'Z',
      '0',
      '_',
      '-',
      '~',
      '%2e',
      '%',
      '?',
      '#',
      ' ',
      '\\',
      'é',
      '=',
      '&',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const target = `/${pieces.join('')}`;
        expect(outcome(split, target)).toEqual(outcome(viaUrl, target));
      }),
      { numRuns: 2000, seed: 20_260_611 },
    );
  });
});
