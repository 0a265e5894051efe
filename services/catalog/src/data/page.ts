/** A place in a sorted list: the sort key (as text) and id of the last item already seen. */
export interface SortPosition {
  key: string;
  id: number;
}

/** One page of a keyset-paginated list; `next` is where the following page starts, null at the end. */
export interface Page<T> {
  items: T[];
  next: SortPosition | null;
}

/** Cuts `rows` (fetched with limit + 1) to a page, telling from the extra row whether more follow. */
export function toPage<R extends { id: number; sort_key: string }, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  const next = rows.length > limit && last ? { key: last.sort_key, id: last.id } : null;
  return { items: shown.map(toItem), next };
}
