import { describe, expect, it } from 'vitest';
import { hasLenientLines } from '../../../lib/config/yaml-lines.js';

const long = 'x'.repeat(1100);

describe('hasLenientLines', () => {
  it.each([
    ['a flow sequence on one line', 'a: [1, "b,]", \'c]\']\n', false],
    ['a flow mapping on one line, then a comment with a bracket', 'a: {b: [c]} # [\n', false],
    ['brackets inside a plain scalar', 'a: x[0]y{1 and z]\n', false],
    ['an apostrophe inside a plain scalar', "a: it's here\n", false],
    ['escaped quotes on one line', "a: \"x\\\"y\"\nb: 'it''s'\n", false],
    ['block scalar content with brackets and quotes', 'a: |\n  [ {\n  "x\nb: 1\n', false],
    ['a long quoted value behind a short key', `a: "${long}"\n`, false],
    ['a flow sequence continued on the next line', 'a: [1,\n  2]\n', true],
    ['a flow mapping continued on the next line', 'a: {b: 1,\n  c: 2}\n', true],
    ['a flow sequence left open before a comment', 'a: [1, # note\n  2]\n', true],
    ['a single-quoted scalar continued on the next line', "a: 'x\n  y'\n", true],
    ['a double-quoted scalar with an escaped line break', 'a: "x\\\n  y"\n', true],
    ['a flow sequence after block scalar content ends', 'a: |\n  text\nb: [1,\n 2]\n', true],
    ['a plain key over 1,024 characters', `${long}: v\n`, true],
    ['a quoted key on a long line', `"${long}": v\n`, true],
    ['a flow sequence on a long line', `a: [${long}: v]\n`, true],
  ])('answers for %s', (_label, text, expected) => {
    expect(hasLenientLines(text)).toBe(expected);
  });
});
