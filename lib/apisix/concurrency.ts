/**
 * Bounded fan-out: run `fn` over `items` with at most `limit` in flight, keeping result order.
 * ADC's credential reads were unbounded (200 consumers opened ~206 sockets, adc.md §7.2);
 * every fan-out here goes through this.
 *
 * @example
 * ```ts
 * const lists = await mapWithConcurrency(consumers, 8, (c) => readCredentials(c));
 * ```
 */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}

export { mapWithConcurrency };
