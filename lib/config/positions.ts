/**
 * Line and column of a field path in a configuration file, computed only when an issue must be
 * reported: the first call parses the file with the `yaml` package (which keeps source ranges;
 * JSON is YAML) and later calls reuse that tree. A valid configuration never pays for it.
 *
 * @example
 * ```ts
 * const locator = createLocator('services:\n  - name: web\n');
 * locator.locate(['services', 0, 'name']); // { line: 2, column: 5 }
 * ```
 */
import { isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import { blockItems } from './block-items.js';

type JsonPath = (string | number)[];

interface Position {
  line: number;
  column: number;
}

/**
 * Positions in one text, from a table of line starts built on first use.
 *
 * @example
 * ```ts
 * new LineIndex('a: 1\nb: 2\n').positionOf(5); // { line: 2, column: 1 }
 * ```
 */
class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** 1-based line and column of a 0-based offset. */
  positionOf(offset: number): Position {
    if (!this.starts) {
      this.starts = [0];
      const text = this.text;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
        this.starts.push(i + 1);
      }
    }
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }
}

/** Finds the deepest node of `path` that exists in a YAML document and returns its offset. */
const offsetIn = (root: unknown, path: JsonPath): number | undefined => {
  let node: unknown = root;
  let offset = isNode(node) ? node.range?.[0] : undefined;
  for (const segment of path) {
    let next: unknown;
    let at: number | undefined;
    if (isMap(node)) {
      // Point at the key (`port:`), not the value, which may start on a later line.
      const pair = node.items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      );
      next = pair?.value;
      at = isNode(pair?.key) ? pair.key.range?.[0] : undefined;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.get(segment, true);
    }
    if (!isNode(next)) {
      offset = at ?? offset;
      break;
    }
    node = next;
    offset = at ?? next.range?.[0] ?? offset;
  }
  return offset;
};

interface Locator {
  /** The text's line index (also used for syntax-error offsets). */
  lines: LineIndex;
  /** 1-based position of the deepest existing node on `path`, when the text has one. */
  locate: (path: JsonPath) => Position | undefined;
  /** Hands over a tree the exact parser already built, so `locate` needs no second parse. */
  adopt: (root: unknown) => void;
}

/** The length of the top-level list `key` in the parsed value, when it is a list. */
type ListLength = (key: string) => number | undefined;

/**
 * Offset of `[top, index, ...rest]` from a parse of that one list entry, when the file has the
 * plain layout (`top:` then `- ` entries, as many as the parsed list holds); else `undefined`.
 */
const entryLocator = (content: string, listLength: ListLength) => {
  const layouts = new Map<string, ReturnType<typeof blockItems>>();
  const entries = new Map<string, unknown>();
  return (path: JsonPath): number | undefined => {
    const [top, index, ...rest] = path;
    if (typeof top !== 'string' || (index !== undefined && typeof index !== 'number')) return;
    if (!layouts.has(top)) layouts.set(top, blockItems(content, top));
    const layout = layouts.get(top);
    if (!layout || layout.starts.length !== listLength(top)) return undefined;
    if (index === undefined) return layout.keyOffset;
    const start = layout.starts[index];
    if (start === undefined) return undefined;
    const id = `${top}\u0000${index}`;
    if (!entries.has(id)) {
      const end = layout.starts[index + 1] ?? layout.end;
      const doc = parseDocument(content.slice(start, end));
      const ok = doc.errors.length === 0 && isSeq(doc.contents) && doc.contents.items.length === 1;
      entries.set(id, ok ? doc.contents : undefined);
    }
    const entry = entries.get(id);
    const offset = entry === undefined ? undefined : offsetIn(entry, [0, ...rest]);
    return offset === undefined ? undefined : start + offset;
  };
};

/**
 * A locator for one file's text. A path inside an entry of a top-level list is located by
 * parsing that entry alone (when `listLength` is given and the layout is plain); anything else
 * parses the whole file once, on the first call that needs it.
 *
 * @example
 * ```ts
 * createLocator('{"services": [{"name": "b"}]}').locate(['services', 0, 'name']); // { line: 1, column: 16 }
 * ```
 */
const createLocator = (content: string, listLength?: ListLength): Locator => {
  const lines = new LineIndex(content);
  const inEntry = listLength ? entryLocator(content, listLength) : undefined;
  let root: unknown;
  let parsed = false;
  return {
    lines,
    adopt: (tree) => {
      root = tree;
      parsed = true;
    },
    locate: (path) => {
      let offset = parsed ? undefined : inEntry?.(path);
      if (offset === undefined) {
        if (!parsed) {
          root = parseDocument(content).contents;
          parsed = true;
        }
        offset = offsetIn(root, path);
      }
      return offset === undefined ? undefined : lines.positionOf(offset);
    },
  };
};

export type { JsonPath, Locator, Position };
export { createLocator, LineIndex };
