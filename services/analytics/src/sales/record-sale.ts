import type { TransactionSql } from '@shop/platform';
import { lockSalesLedger } from '../data/ledger-lock.repository.js';
import { recordSoldNames } from '../data/names.repository.js';
import { countSaleOnce } from '../data/sales.repository.js';
import type { ExecutedOrder } from './sale.js';

/**
 * Saga step 4: counts each executed order once, in delivery order. Their facts and their days'
 * aggregates are written in the caller's transaction; an order seen before (re-announced, or cancelled
 * first) changes nothing.
 */
export async function recordSales(tx: TransactionSql, orders: ExecutedOrder[]): Promise<void> {
  await lockSalesLedger(tx);
  // Sent together (postgres.js pipelines them on the transaction's connection): one round trip for the run.
  await Promise.all(orders.flatMap((order) => [countSaleOnce(tx, order), recordSoldNames(tx, order)]));
}
