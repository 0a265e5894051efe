import type { TransactionSql } from '@shop/platform';
import { lockSalesLedger } from '../data/ledger-lock.repository.js';
import { markProductRemoved } from '../data/names.repository.js';

/** A removed product keeps its name in the statistics; it is only marked inactive. */
export async function recordProductRemoval(tx: TransactionSql, productId: number): Promise<void> {
  await lockSalesLedger(tx);
  await markProductRemoved(tx, productId);
}
