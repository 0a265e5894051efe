import { enqueuedWithin, enqueueEvents } from '@shop/messaging';
import type { Logger, Sql } from '@shop/platform';
import { replicaIsEmpty, withResyncLock } from '../data/catalog-replica.repository.js';

// Replicas starting together see the first one's request and send none of their own.
const RESYNC_REQUEST_TTL_MS = 60_000;

/**
 * At start-up, an empty catalog replica asks catalog to publish every product again. Under an
 * advisory lock, and only when no request went out within the last minute, so it is sent once.
 */
export async function requestResyncIfEmpty(sql: Sql, logger: Logger): Promise<boolean> {
  return withResyncLock(sql, async (tx) => {
    if (
      !(await replicaIsEmpty(tx)) ||
      (await enqueuedWithin(tx, 'catalog.resync-requested', RESYNC_REQUEST_TTL_MS))
    ) {
      return false;
    }
    enqueueEvents(tx, 'order', [
      { type: 'catalog.resync-requested', data: { requested_by: 'order' }, correlationId: 'order-start-up' },
    ]);
    logger.info('catalog replica empty: resync requested');
    return true;
  });
}
