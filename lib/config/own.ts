/**
 * Copies a user-supplied key onto an object as an own property. A plain `out[key] = value`
 * with `key === '__proto__'` would set the prototype instead: the key would vanish from the
 * configuration and lint would blame the wrong field.
 *
 * @example
 * ```ts
 * const out: Record<string, unknown> = {};
 * setOwn(out, '__proto__', { x: 1 });
 * Object.keys(out); // ['__proto__']
 * ```
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

export { setOwn };
