import type { EventData } from '@shop/contracts';
import type { TransactionSql } from '@shop/platform';
import { lockSalesLedger } from '../data/ledger-lock.repository.js';
import { markProductsRemoved } from '../data/names.repository.js';

/** Removed products keep their names in the statistics; they are only marked inactive (newest version wins). */
export async function recordProductRemovals(
  tx: TransactionSql,
  removals: EventData<'product.deleted'>[],
): Promise<void> {
  await lockSalesLedger(tx);
  await markProductsRemoved(
    tx,
    removals.map((removal) => ({ productId: removal.product_id, version: removal.version ?? 0 })),
  );
}
