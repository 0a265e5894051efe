import type { EventData } from '@shop/contracts';
import { type Causation, enqueueEvents } from '@shop/messaging';
import type { TransactionSql } from '@shop/platform';
import { openReservation, type Reservation, recordRejected } from '../data/reservations.repository.js';
import { lockStockLevels, type StockLevel, takeStockFor } from '../data/stock.repository.js';
import { type AttemptClaim, claimAttempt } from './claim-attempt.js';
import { mergeLines, type StockLine } from './stock-line.js';

type ReservedItem = EventData<'stock.reserved'>['items'][number];
type Shortage = EventData<'stock.rejected'>['shortages'][number];

/**
 * Saga step 2: claims the order's reservation, locks its products in id order and takes the stock of
 * every line or of none, then answers stock.reserved (with unit costs) or stock.rejected (listing every
 * short line), naming the request's attempt. A re-sent request of an attempt gets the same answer
 * again without taking anything twice; a stale one (an earlier attempt, a settled order) is left alone.
 */
export async function reserveStock(
  tx: TransactionSql,
  order: EventData<'order.execution-requested'>,
  causation: Causation,
): Promise<void> {
  const { order_id: orderId, attempt } = order;
  const lines = mergeLines(order.items);
  const requested = lines.map((line) => ({ product_id: line.productId, quantity: line.quantity }));
  const productIds = lines.map((line) => line.productId);
  // Sent together, one round trip: the claim, then the products locked in id order (a batch holds
  // them already, locked before any claim).
  const [claim, levelsAtClaim] = await Promise.all([
    attempt === undefined
      ? openReservation(tx, orderId, requested).then(
          (opened): AttemptClaim => ({ kind: opened ? 'take' : 'ignore' }),
        )
      : claimAttempt(tx, orderId, attempt, requested),
    lockStockLevels(tx, productIds),
  ]);
  if (claim.kind === 'replay') return answerAgain(tx, orderId, attempt, claim.reservation, causation);
  if (claim.kind === 'ignore') return;
  // A later attempt put back what the earlier one held after the levels were read.
  const levels = claim.returnedStock ? await lockStockLevels(tx, productIds) : levelsAtClaim;
  const short = lines.filter((line) => !canTake(line, levels.get(line.productId)));
  if (short.length === 0) {
    const items = await takeEveryLine(tx, orderId, lines, levels);
    enqueueEvents(tx, 'catalog', [
      { type: 'stock.reserved', data: { order_id: orderId, attempt, items }, ...causation },
    ]);
    return;
  }
  const shortages = short.map((line) => shortageOf(line, levels.get(line.productId)));
  await recordRejected(tx, orderId, shortages);
  enqueueEvents(tx, 'catalog', [
    { type: 'stock.rejected', data: { order_id: orderId, attempt, shortages }, ...causation },
  ]);
}

/** Answers a re-sent request as its attempt was answered; an abandoned or settled one gets no answer. */
function answerAgain(
  tx: TransactionSql,
  orderId: number,
  attempt: number | undefined,
  reservation: Reservation,
  causation: Causation,
): void {
  if (reservation.status === 'reserved') {
    const items = reservation.items as ReservedItem[];
    enqueueEvents(tx, 'catalog', [
      { type: 'stock.reserved', data: { order_id: orderId, attempt, items }, ...causation },
    ]);
  } else if (reservation.status === 'rejected') {
    const shortages = reservation.shortages as Shortage[];
    enqueueEvents(tx, 'catalog', [
      { type: 'stock.rejected', data: { order_id: orderId, attempt, shortages }, ...causation },
    ]);
  }
}

function canTake(line: StockLine, level: StockLevel | undefined): boolean {
  return level?.active === true && level.quantity >= line.quantity;
}

/** Takes every line's units from the rows locked above, recording them on the reservation; all were checked to be there. */
async function takeEveryLine(
  tx: TransactionSql,
  orderId: number,
  lines: StockLine[],
  levels: Map<number, StockLevel>,
): Promise<ReservedItem[]> {
  const items = lines.map((line) => ({
    product_id: line.productId,
    quantity: line.quantity,
    unit_cost: (levels.get(line.productId) as StockLevel).cost,
  }));
  const taken = await takeStockFor(tx, orderId, lines, items);
  // The rows are locked, so the guarded UPDATE cannot miss; if it did, the message dead-letters.
  if (taken.length !== lines.length)
    throw new Error('the guarded stock update missed a line whose row was locked and checked');
  return items;
}

function shortageOf(line: StockLine, level: StockLevel | undefined): Shortage {
  const asked = { product_id: line.productId, requested: line.quantity };
  if (!level) return { ...asked, available: 0, reason: 'unknown_product' };
  if (!level.active) return { ...asked, available: 0, reason: 'inactive_product' };
  return { ...asked, available: level.quantity, reason: 'insufficient_stock' };
}
