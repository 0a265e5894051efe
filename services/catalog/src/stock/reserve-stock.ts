import type { EventData } from '@shop/contracts';
import { type Causation, enqueueEvents } from '@shop/messaging';
import type { TransactionSql } from '@shop/platform';
import { openReservation, type Reservation, recordRejected } from '../data/reservations.repository.js';
import { lockStockLevels, type StockLevel, takeStockFor } from '../data/stock.repository.js';
import { type AttemptClaim, claimAttempt } from './claim-attempt.js';
import { mergeLines, type StockLine } from './stock-line.js';

type ReservedItem = EventData<'stock.reserved'>['items'][number];
type Shortage = EventData<'stock.rejected'>['shortages'][number];

/** An execution request of the saga, with the message that carried it. */
export interface ExecutionRequest {
  order: EventData<'order.execution-requested'>;
  causation: Causation;
}

/**
 * Saga step 2, for one request or a run of them in one transaction: locks every product of the run
 * in id order and claims each order's reservation (one round trip), then, in delivery order, takes
 * the stock of every line of an order or of none, against what the orders before it left, and answers
 * stock.reserved (with unit costs) or stock.rejected (listing every short line), naming the request's
 * attempt; the takes go out together (a second round trip). A re-sent request of an attempt gets the
 * same answer again without taking anything twice; a stale one (an earlier attempt, a settled order)
 * is left alone. A run that asks for one order twice is reserved a request at a time, as it came.
 */
export async function reserveStock(tx: TransactionSql, requests: ExecutionRequest[]): Promise<void> {
  if (new Set(requests.map(({ order }) => order.order_id)).size < requests.length) {
    for (const request of requests) await reserveStock(tx, [request]);
    return;
  }
  const wanted = requests.map((request) => ({ ...request, lines: mergeLines(request.order.items) }));
  const productIds = [...new Set(wanted.flatMap(({ lines }) => lines.map((line) => line.productId)))];
  // Sent together: the products locked first, in id order, so concurrent runs never deadlock; then the claims.
  const [levelsAtClaim, claims] = await Promise.all([
    lockStockLevels(tx, productIds),
    Promise.all(wanted.map(({ order, lines }) => claimFor(tx, order, lines))),
  ]);
  // A later attempt put back what an earlier one held after the levels were read.
  const levels = claims.some((claim) => claim.kind === 'take' && claim.returnedStock)
    ? await lockStockLevels(tx, productIds)
    : levelsAtClaim;
  const writes: Promise<unknown>[] = [];
  for (const [i, { order, lines, causation }] of wanted.entries()) {
    const claim = claims[i] as AttemptClaim;
    if (claim.kind === 'replay') answerAgain(tx, order.order_id, order.attempt, claim.reservation, causation);
    if (claim.kind === 'take') writes.push(takeOrReject(tx, order, lines, levels, causation));
  }
  await Promise.all(writes);
}

function claimFor(
  tx: TransactionSql,
  { order_id: orderId, attempt }: EventData<'order.execution-requested'>,
  lines: StockLine[],
): Promise<AttemptClaim> {
  const requested = lines.map((line) => ({ product_id: line.productId, quantity: line.quantity }));
  if (attempt !== undefined) return claimAttempt(tx, orderId, attempt, requested);
  return openReservation(tx, orderId, requested).then((opened) => ({ kind: opened ? 'take' : 'ignore' }));
}

/**
 * Takes every line of the order from `levels` (lowering them, for the orders after it) or, when one
 * is short, none, and enqueues the answer; what it sends to the database.
 */
function takeOrReject(
  tx: TransactionSql,
  { order_id: orderId, attempt }: EventData<'order.execution-requested'>,
  lines: StockLine[],
  levels: Map<number, StockLevel>,
  causation: Causation,
): Promise<unknown> {
  const short = lines.filter((line) => !canTake(line, levels.get(line.productId)));
  if (short.length > 0) {
    const shortages = short.map((line) => shortageOf(line, levels.get(line.productId)));
    const recorded = recordRejected(tx, orderId, shortages);
    enqueueEvents(tx, 'catalog', [
      { type: 'stock.rejected', data: { order_id: orderId, attempt, shortages }, ...causation },
    ]);
    return recorded;
  }
  const items = lines.map((line) => {
    const level = levels.get(line.productId) as StockLevel;
    level.quantity -= line.quantity;
    return { product_id: line.productId, quantity: line.quantity, unit_cost: level.cost };
  });
  const taken = takeStockFor(tx, orderId, lines, items).then((ids) => {
    // The rows are locked, so the guarded UPDATE cannot miss; if it did, the message dead-letters.
    if (ids.length !== lines.length)
      throw new Error('the guarded stock update missed a line whose row was locked and checked');
  });
  enqueueEvents(tx, 'catalog', [
    { type: 'stock.reserved', data: { order_id: orderId, attempt, items }, ...causation },
  ]);
  return taken;
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

function shortageOf(line: StockLine, level: StockLevel | undefined): Shortage {
  const asked = { product_id: line.productId, requested: line.quantity };
  if (!level) return { ...asked, available: 0, reason: 'unknown_product' };
  if (!level.active) return { ...asked, available: 0, reason: 'inactive_product' };
  return { ...asked, available: level.quantity, reason: 'insufficient_stock' };
}
