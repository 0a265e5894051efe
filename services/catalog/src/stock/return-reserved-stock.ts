import type { TransactionSql } from '@shop/platform';
import type { ReservationLine } from '../data/reservations.repository.js';
import { returnStock } from '../data/stock.repository.js';
import { mergeLines } from './stock-line.js';

/** Puts back the units a reservation took, in product-id order (the order rows are locked in). */
export async function returnReservedStock(tx: TransactionSql, items: ReservationLine[]): Promise<void> {
  for (const line of mergeLines(items)) await returnStock(tx, line);
}
