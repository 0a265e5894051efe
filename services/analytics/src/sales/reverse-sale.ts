import type { TransactionSql } from '@shop/platform';
import { subtractOrderFromAggregates } from '../data/aggregates.repository.js';
import { lockSalesLedger } from '../data/ledger-lock.repository.js';
import { markOrderCancelled } from '../data/orders.repository.js';
import { deleteSaleFacts } from '../data/sales.repository.js';
import type { CancellationOutcome } from './sale.js';

/**
 * Saga step 5: takes a cancelled order out of the statistics exactly once: its facts are subtracted
 * from their day's aggregates, then deleted. An order not seen yet is tombstoned instead.
 */
export async function reverseSale(tx: TransactionSql, orderId: number): Promise<CancellationOutcome> {
  await lockSalesLedger(tx);
  const outcome = await markOrderCancelled(tx, orderId);
  if (outcome === 'reversed') {
    await subtractOrderFromAggregates(tx, orderId);
    await deleteSaleFacts(tx, orderId);
  }
  return outcome;
}
