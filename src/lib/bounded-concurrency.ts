/**
 * Map over `items` with at most `limit` calls in flight: a thousand pages must
 * not mean a thousand open file handles (EMFILE) or every page in memory at once.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T, index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}

/**
 * For each item, `prepare` (at most `limit` running, ahead of the rest) then `use`, called strictly
 * in the items' order (at most `limit` of them unfinished). For work whose order matters where it
 * lands, as Pagefind numbers pages in the order they reach it, while the reading behind it need not
 * wait its turn. Rejects with the first error met in order; work already started runs on unheard.
 */
export async function inOrder<T, P>(
  items: readonly T[],
  limit: number,
  prepare: (item: T) => Promise<P>,
  use: (item: T, prepared: P) => Promise<unknown>,
): Promise<void> {
  const width = Math.max(1, limit);
  // Awaited later, in order: until then a rejection must not count as unhandled.
  const held = <X>(promise: Promise<X>): Promise<X> => {
    promise.catch(() => {});
    return promise;
  };
  const ahead: Promise<P>[] = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && ahead.length < width) ahead.push(held(prepare(items[next++] as T)));
  };
  const running: Promise<unknown>[] = [];
  fill();
  for (const item of items) {
    const prepared = await ahead.shift()!;
    fill();
    running.push(held(use(item, prepared)));
    if (running.length >= width) await running.shift();
  }
  await Promise.all(running);
}
