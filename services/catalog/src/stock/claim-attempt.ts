import type { TransactionSql } from '@shop/platform';
import {
  insertReservation,
  lockReservation,
  type Reservation,
  type ReservationLine,
  reopenReservation,
} from '../data/reservations.repository.js';
import { returnReservedStock } from './return-reserved-stock.js';

/** What to do with an execution request: take the stock, answer as before, or nothing (it is stale). */
export type AttemptClaim =
  | { kind: 'take'; returnedStock?: boolean }
  | { kind: 'replay'; reservation: Reservation }
  | { kind: 'ignore' };

/**
 * Claims an order's reservation for one execution attempt. A new order or a later attempt takes
 * the stock (a later attempt means the order gave up the earlier one, so what that held goes back
 * first); the attempt answered already is answered again; an earlier attempt, or any attempt of a
 * cancelled order, is ignored.
 */
export async function claimAttempt(
  tx: TransactionSql,
  orderId: number,
  attempt: number,
  lines: ReservationLine[],
): Promise<AttemptClaim> {
  if (await insertReservation(tx, orderId, attempt, lines)) return { kind: 'take' };
  const reservation = (await lockReservation(tx, orderId)) as Reservation;
  // A reservation opened by a request without an attempt answers attempt 0 (orders executing then).
  const known = reservation.attempt ?? 0;
  if (attempt < known) return { kind: 'ignore' };
  if (attempt === known) return { kind: 'replay', reservation };
  if (reservation.status === 'released' || reservation.status === 'cancelled') return { kind: 'ignore' };
  const returnedStock = reservation.status === 'reserved';
  if (returnedStock) await returnReservedStock(tx, reservation.items);
  await reopenReservation(tx, orderId, attempt, lines);
  return { kind: 'take', returnedStock };
}
