/**
 * The structural limits every configuration passes before its schema is checked: nesting depth,
 * finite numbers, integers within ±2^53. Shared by the loader (per file) and lint (HTTP input).
 *
 * @example
 * ```ts
 * checkValues('a.json', { n: Infinity }, 64)[0]?.code; // 'number_out_of_range'
 * ```
 */
import type { ConfigIssue } from '../errors.js';
import type { JsonPath } from './positions.js';

/** One value still to visit; the path is rebuilt from the parent chain only for an issue. */
interface Frame {
  value: unknown;
  key: string | number | undefined;
  parent: Frame | undefined;
  depth: number;
}

const pathOf = (frame: Frame): JsonPath => {
  const path: JsonPath = [];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
};

/** Only numbers and containers can raise an issue; strings, booleans and null are skipped. */
const worthVisiting = (value: unknown): boolean =>
  typeof value === 'number' || (typeof value === 'object' && value !== null);

const pushChildren = (stack: Frame[], frame: Frame, container: object): void => {
  const depth = frame.depth + 1;
  if (Array.isArray(container)) {
    container.forEach((value: unknown, key) => {
      if (worthVisiting(value)) stack.push({ value, key, parent: frame, depth });
    });
    return;
  }
  for (const [key, value] of Object.entries(container)) {
    if (worthVisiting(value)) stack.push({ value, key, parent: frame, depth });
  }
};

const numberIssue = (file: string | undefined, frame: Frame, n: number): ConfigIssue => ({
  file,
  path: pathOf(frame),
  code: 'number_out_of_range',
  message: `Number ${String(n)} is out of range (integers must stay within ±2^53)`,
});

/**
 * Depth, non-finite numbers and integers beyond 2^53, checked without recursion (the input may
 * be 1,000 levels deep), depth-first from the last key to the first. Stops at the first depth
 * violation and after 100 issues.
 *
 * @example
 * ```ts
 * checkValues(undefined, { a: [[[1]]] }, 2)[0]?.path; // ['a', 0]
 * ```
 */
const checkValues = (file: string | undefined, value: unknown, maxDepth: number): ConfigIssue[] => {
  const issues: ConfigIssue[] = [];
  const stack: Frame[] = [{ value, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length > 0 && issues.length < 100) {
    const frame = stack.pop();
    if (!frame) break;
    const current = frame.value;
    if (typeof current === 'number') {
      const outOfRange =
        !Number.isSafeInteger(current) && (!Number.isFinite(current) || Number.isInteger(current));
      if (outOfRange) issues.push(numberIssue(file, frame, current));
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (frame.depth >= maxDepth) {
      const path = pathOf(frame).slice(0, 8);
      issues.push({
        file,
        path,
        code: 'too_deep',
        message: `Nesting deeper than ${maxDepth} levels`,
      });
      return issues;
    }
    pushChildren(stack, frame, current);
  }
  return issues;
};

export { checkValues };
