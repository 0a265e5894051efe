import type { EventData } from '@shop/contracts';
import { enqueueEvents } from '@shop/messaging';
import type { TransactionSql } from '@shop/platform';
import {
  openReservation,
  type Reservation,
  recordRejected,
  recordReserved,
} from '../data/reservations.repository.js';
import { type StockLevel, stockLevels, takeStock } from '../data/stock.repository.js';
import type { Causation } from '../messaging/causation.js';
import { type AttemptClaim, claimAttempt } from './claim-attempt.js';
import { mergeLines, type StockLine } from './stock-line.js';

type ReservedItem = EventData<'stock.reserved'>['items'][number];
type Shortage = EventData<'stock.rejected'>['shortages'][number];

/** Thrown inside the savepoint so that rolling it back puts back the lines taken so far. */
class StockShortage extends Error {
  constructor(readonly shortLines: StockLine[]) {
    super('stock shortage');
  }
}

/**
 * Saga step 2: takes the stock of every line of an order or of none, in product-id order, then
 * answers stock.reserved (with unit costs) or stock.rejected (listing every short line), naming the
 * request's attempt. A re-sent request of an attempt gets the same answer again without taking
 * anything twice; a stale one (an earlier attempt, a settled order) is left alone.
 */
export async function reserveStock(
  tx: TransactionSql,
  order: EventData<'order.execution-requested'>,
  causation: Causation,
): Promise<void> {
  const { order_id: orderId, attempt } = order;
  const lines = mergeLines(order.items);
  const requested = lines.map((line) => ({ product_id: line.productId, quantity: line.quantity }));
  const claim: AttemptClaim =
    attempt === undefined
      ? { kind: (await openReservation(tx, orderId, requested)) ? 'take' : 'ignore' }
      : await claimAttempt(tx, orderId, attempt, requested);
  if (claim.kind === 'replay') return answerAgain(tx, orderId, attempt, claim.reservation, causation);
  if (claim.kind === 'ignore') return;
  const outcome = await takeEveryLine(tx, lines);
  if ('reserved' in outcome) {
    await recordReserved(tx, orderId, outcome.reserved);
    await enqueueEvents(tx, 'catalog', [
      { type: 'stock.reserved', data: { order_id: orderId, attempt, items: outcome.reserved }, ...causation },
    ]);
    return;
  }
  const levels = await stockLevels(
    tx,
    outcome.short.map((line) => line.productId),
  );
  const shortages = outcome.short.map((line) => shortageOf(line, levels.get(line.productId)));
  await recordRejected(tx, orderId, shortages);
  await enqueueEvents(tx, 'catalog', [
    { type: 'stock.rejected', data: { order_id: orderId, attempt, shortages }, ...causation },
  ]);
}

/** Answers a re-sent request as its attempt was answered; an abandoned or settled one gets no answer. */
async function answerAgain(
  tx: TransactionSql,
  orderId: number,
  attempt: number | undefined,
  reservation: Reservation,
  causation: Causation,
): Promise<void> {
  if (reservation.status === 'reserved') {
    const items = reservation.items as ReservedItem[];
    await enqueueEvents(tx, 'catalog', [
      { type: 'stock.reserved', data: { order_id: orderId, attempt, items }, ...causation },
    ]);
  } else if (reservation.status === 'rejected') {
    const shortages = reservation.shortages as Shortage[];
    await enqueueEvents(tx, 'catalog', [
      { type: 'stock.rejected', data: { order_id: orderId, attempt, shortages }, ...causation },
    ]);
  }
}

async function takeEveryLine(
  tx: TransactionSql,
  lines: StockLine[],
): Promise<{ reserved: ReservedItem[] } | { short: StockLine[] }> {
  try {
    return { reserved: await tx.savepoint((savepoint) => takeAllOrUndo(savepoint, lines)) };
  } catch (error) {
    if (error instanceof StockShortage) return { short: error.shortLines };
    throw error;
  }
}

async function takeAllOrUndo(savepoint: TransactionSql, lines: StockLine[]): Promise<ReservedItem[]> {
  const reserved: ReservedItem[] = [];
  const short: StockLine[] = [];
  for (const line of lines) {
    const unitCost = await takeStock(savepoint, line);
    if (unitCost === undefined) short.push(line);
    else reserved.push({ product_id: line.productId, quantity: line.quantity, unit_cost: unitCost });
  }
  if (short.length > 0) throw new StockShortage(short);
  return reserved;
}

function shortageOf(line: StockLine, level: StockLevel | undefined): Shortage {
  const asked = { product_id: line.productId, requested: line.quantity };
  if (!level) return { ...asked, available: 0, reason: 'unknown_product' };
  if (!level.active) return { ...asked, available: 0, reason: 'inactive_product' };
  return { ...asked, available: level.quantity, reason: 'insufficient_stock' };
}
