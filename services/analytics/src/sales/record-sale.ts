import type { TransactionSql } from '@shop/platform';
import { lockSalesLedger } from '../data/ledger-lock.repository.js';
import { recordSoldNames } from '../data/names.repository.js';
import { countSaleOnce } from '../data/sales.repository.js';
import type { ExecutedOrder } from './sale.js';

/**
 * Saga step 4: counts an executed order once. Its facts and its day's aggregates are written in the
 * caller's transaction; an order seen before (re-announced, or cancelled first) changes nothing.
 */
export async function recordSale(tx: TransactionSql, order: ExecutedOrder): Promise<boolean> {
  await lockSalesLedger(tx);
  // Sent together (postgres.js pipelines them on the transaction's connection): one round trip.
  const [counted] = await Promise.all([countSaleOnce(tx, order), recordSoldNames(tx, order)]);
  return counted;
}
