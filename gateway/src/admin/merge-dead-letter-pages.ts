import { type DeadLetterJson, encodeDeadLetterCursor } from '@shop/service';

/** One service's page of dead letters, as its GET /admin/dead-letters answers it. */
export interface DeadLetterPage {
  items: DeadLetterJson[];
  next_cursor: string | null;
}

/**
 * Merges pages that services gave for the same `limit` and `cursor`: newest first, cut to `limit`.
 * Every service orders by (dead_lettered_at, id) and reads the cursor as a position in that order,
 * so the position of the last item kept is the cursor of the merged list's next page.
 */
export function mergeDeadLetterPages(pages: DeadLetterPage[], limit: number): DeadLetterPage {
  const all = pages.flatMap((page) => page.items).sort(newestFirst);
  const items = all.slice(0, limit);
  const last = items.at(-1);
  const more = all.length > limit || pages.some((page) => page.next_cursor !== null);
  return {
    items,
    next_cursor:
      more && last ? encodeDeadLetterCursor({ deadLetteredAt: last.dead_lettered_at, id: last.id }) : null,
  };
}

// ISO timestamps of one format (toISOString) and lowercase uuids both order as plain strings.
function newestFirst(a: DeadLetterJson, b: DeadLetterJson): number {
  if (a.dead_lettered_at !== b.dead_lettered_at) return a.dead_lettered_at < b.dead_lettered_at ? 1 : -1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}
