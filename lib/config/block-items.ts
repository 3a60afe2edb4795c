/**
 * Where each entry of a top-level block list starts (`services:` followed by `- name: …`
 * lines), found by reading indentation only. Lets the locator parse one entry of a large file
 * for positions instead of the whole file. Answers only for the plain layout; anything unusual
 * returns `undefined` and the caller parses the whole file.
 *
 * @example
 * ```ts
 * blockItems('services:\n  - name: a\n  - name: b\n', 'services');
 * // { keyOffset: 0, starts: [10, 22], end: 32 }
 * ```
 */

interface BlockItems {
  /** Offset of the top-level key itself. */
  keyOffset: number;
  /** Offset of the first line of each entry (its indentation included). */
  starts: number[];
  /** Offset just past the list. */
  end: number;
}

const SPACE = 32;
const DASH = 45;

/** `- ` or a bare `-` at `at`: a block sequence entry. */
const isEntry = (text: string, at: number, eol: number): boolean => {
  const next = text.charCodeAt(at + 1);
  return text.charCodeAt(at) === DASH && (at + 1 >= eol || next === SPACE || next === 13);
};

/** Keys written the same way in the text and in the parsed value (`services`, `ssls`, …). */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Offset of the line after `key:` at column 0 when the file has exactly one such line. */
const afterHeader = (
  text: string,
  key: string,
): { keyOffset: number; body: number } | undefined => {
  if (!PLAIN_KEY.test(key)) return undefined;
  const header = new RegExp(`^${key}:[ \\t]*(?:#[^\\n]*)?\\r?$`, 'gm');
  const found = header.exec(text);
  if (!found || header.exec(text)) return undefined;
  const eol = text.indexOf('\n', found.index);
  return eol === -1 ? undefined : { keyOffset: found.index, body: eol + 1 };
};

/**
 * The entries of the block list under the top-level `key`, or `undefined` when the layout is
 * not the plain one (flow list, key written twice or quoted, odd indentation).
 *
 * @example
 * ```ts
 * blockItems('services: []\n', 'services'); // undefined
 * ```
 */
const blockItems = (text: string, key: string): BlockItems | undefined => {
  const header = afterHeader(text, key);
  if (!header) return undefined;
  const starts: number[] = [];
  let indent = -1;
  let pos = header.body;
  for (; pos < text.length; ) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = text.length;
    let first = pos;
    while (text.charCodeAt(first) === SPACE) first++;
    const c = text.charCodeAt(first);
    if (first < eol && c !== 13 && c !== 35) {
      const column = first - pos;
      const entry = isEntry(text, first, eol);
      if (indent === -1) {
        if (!entry) return undefined;
        indent = column;
      }
      if (column < indent || (column === indent && !entry)) {
        // A valid document resumes its top-level mapping at column 0, with a key.
        if (column !== 0 || c === 9 || c === DASH) return undefined;
        break;
      }
      if (column === indent) starts.push(pos);
    }
    pos = eol + 1;
  }
  return starts.length > 0
    ? { keyOffset: header.keyOffset, starts, end: Math.min(pos, text.length) }
    : undefined;
};

export type { BlockItems };
export { blockItems };
