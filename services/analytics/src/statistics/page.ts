/** One page of a statistics list; `next` is where the following page starts, null at the end. */
export interface Page<T, P> {
  items: T[];
  next: P | null;
}

/** How many items a page holds, and where it starts (at the beginning without `after`). */
export interface PageRequest<P> {
  limit: number;
  after?: P | undefined;
}

/** Cuts `rows` (fetched with limit + 1) to a page, telling from the extra row whether more follow. */
export function toPage<T, P>(rows: T[], limit: number, positionOf: (item: T) => P): Page<T, P> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last !== undefined ? positionOf(last) : null };
}
