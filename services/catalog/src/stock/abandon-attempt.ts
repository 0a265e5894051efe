import type { TransactionSql } from '@shop/platform';
import { insertAbandoned, lockReservation, markAbandoned } from '../data/reservations.repository.js';
import { returnReservedStock } from './return-reserved-stock.js';

/**
 * The order service gave up an execution attempt: stock held for it (or for an earlier attempt) goes
 * back, and the attempt is remembered, so its request arriving later takes nothing. A later attempt
 * or a cancelled order is left alone.
 */
export async function abandonAttempt(tx: TransactionSql, orderId: number, attempt: number): Promise<void> {
  if (await insertAbandoned(tx, orderId, attempt)) return;
  const reservation = await lockReservation(tx, orderId);
  if (!reservation || (reservation.attempt ?? 0) > attempt) return;
  if (reservation.status === 'released' || reservation.status === 'cancelled') return;
  if (reservation.status === 'reserved') await returnReservedStock(tx, reservation.items);
  await markAbandoned(tx, orderId, attempt);
}
