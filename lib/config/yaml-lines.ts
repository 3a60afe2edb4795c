/**
 * Finds lines js-yaml reads more leniently than the `yaml` package (the reference), so that
 * such files take the exact parser:
 *
 * - flow collections and quoted scalars that continue on a later line (`b: [1,` / `  2]`,
 *   `b: 'x` / `  y'`): js-yaml accepts continuation lines at any indentation, `yaml` rejects
 *   under-indented ones;
 * - implicit keys longer than 1,024 characters, which `yaml` rejects.
 *
 * Each line is read on its own, after skipping block scalar content (`key: |`): a line that
 * ends inside a quote or a bracket starts a multi-line construct. Biased to say yes: a false
 * alarm only costs the slower parser.
 *
 * @example
 * ```ts
 * hasLenientLines('a: [1, 2]\n'); // false
 * hasLenientLines('a: [1,\n  2]\n'); // true
 * ```
 */

const SPACE = 32;
const TAB = 9;
const CR = 13;
const HASH = 35;
const QUOTE = 39;
const DQUOTE = 34;
const BACKSLASH = 92;

/** Where a quote, bracket or brace may open a token: line start, after a blank or an indicator. */
const opensToken = (prev: number): boolean =>
  prev === SPACE || prev === TAB || prev === 91 || prev === 123 || prev === 44 || prev === 58;

/** Index just past the closing quote, or -1 when the line ends first. */
const closeQuote = (text: string, start: number, end: number, quote: number): number => {
  for (let k = start + 1; k < end; k++) {
    const c = text.charCodeAt(k);
    if (quote === DQUOTE && c === BACKSLASH) k++;
    else if (c === quote) {
      if (quote === QUOTE && text.charCodeAt(k + 1) === QUOTE) k++;
      else return k + 1;
    }
  }
  return -1;
};

interface LineScan {
  /** The line leaves a quote or a flow collection open. */
  open: boolean;
  /** End of the content before a comment. */
  contentEnd: number;
}

const scanLine = (text: string, start: number, end: number): LineScan => {
  let depth = 0;
  let prev = SPACE;
  let k = start;
  while (k < end) {
    const c = text.charCodeAt(k);
    if (c === HASH && (prev === SPACE || prev === TAB)) break;
    if ((c === QUOTE || c === DQUOTE) && opensToken(prev)) {
      k = closeQuote(text, k, end, c);
      if (k === -1) return { open: true, contentEnd: end };
      prev = c;
      continue;
    }
    if ((c === 91 || c === 123) && (depth > 0 || opensToken(prev))) depth++;
    else if ((c === 93 || c === 125) && depth > 0) depth--;
    prev = c;
    k++;
  }
  return { open: depth > 0, contentEnd: k };
};

/** `key: |`, `- >-`, `key: |2 # note`: the line opens a block scalar. */
const BLOCK_HEADER = /(?:^|[ \t])[|>][0-9+-]*[ \t]*$/;

/** Column of the line's node: its indentation plus any `- ` sequence indicators. */
const nodeColumn = (text: string, lineStart: number, contentStart: number): number => {
  let k = contentStart;
  while (text.charCodeAt(k) === 45 && text.charCodeAt(k + 1) === SPACE) {
    k += 2;
    while (text.charCodeAt(k) === SPACE) k++;
  }
  return k - lineStart;
};

const MAX_KEY = 1024;

/**
 * A line long enough to hold an implicit key beyond 1,024 characters: its key (after `- `
 * indicators) is quoted or a flow collection, it holds a flow sequence (`[long: x]`), or its
 * first `: ` comes too late.
 */
const longKeyRisk = (text: string, lineStart: number, first: number, end: number): boolean => {
  if (end - first <= MAX_KEY) return false;
  const node = lineStart + nodeColumn(text, lineStart, first);
  const c = text.charCodeAt(node);
  if (c === QUOTE || c === DQUOTE || c === 91 || c === 123) return true;
  const line = text.slice(node, end);
  if (line.includes('[')) return true;
  const colon = line.search(/:(?:[ \t\r]|$)/);
  return colon === -1 ? false : colon > MAX_KEY;
};

/**
 * True when some line needs the exact parser (see above).
 *
 * @example
 * ```ts
 * hasLenientLines("a: 'x\n  y'\n"); // true
 * hasLenientLines('a: |\n  [not flow\n'); // false: block scalar content
 * ```
 */
const hasLenientLines = (text: string): boolean => {
  let blockColumn = -1;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let first = start;
    while (text.charCodeAt(first) === SPACE) first++;
    const blank = first >= end || text.charCodeAt(first) === CR;
    const inBlockScalar = blockColumn >= 0 && (blank || first - start > blockColumn);
    if (!inBlockScalar && !blank) {
      blockColumn = -1;
      const scan = scanLine(text, first, end);
      if (scan.open || longKeyRisk(text, start, first, end)) return true;
      if (BLOCK_HEADER.test(text.slice(first, scan.contentEnd).trimEnd())) {
        blockColumn = nodeColumn(text, start, first);
      }
    }
    start = end + 1;
  }
  return false;
};

export { hasLenientLines };
