import { enqueuedWithin, enqueueEvents } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import { lockSalesLedger } from '../data/ledger-lock.repository.js';
import { catalogNamesAreEmpty } from '../data/names.repository.js';

// Replicas starting together, or restarts in a row, ask once within this window.
const RESYNC_WINDOW_MS = 60_000;

/**
 * At start-up: when catalog never sent a name, asks it to publish every product again
 * (catalog.resync-requested through the outbox). True when a request was written.
 */
export async function requestCatalogResyncIfEmpty(sql: Sql): Promise<boolean> {
  return sql.begin(async (tx) => {
    await lockSalesLedger(tx);
    if (!(await catalogNamesAreEmpty(tx))) return false;
    if (await enqueuedWithin(tx, 'catalog.resync-requested', RESYNC_WINDOW_MS)) return false;
    enqueueEvents(tx, 'analytics', [
      {
        type: 'catalog.resync-requested',
        data: { requested_by: 'analytics' },
        correlationId: 'analytics-start-up',
      },
    ]);
    return true;
  }) as Promise<boolean>;
}
