import type { EventData } from '@shop/contracts';
import { type Causation, enqueueEvents } from '@shop/messaging';
import type { TransactionSql } from '@shop/platform';
import { lockExecution, markExecuted } from '../data/order-transitions.repository.js';
import { executionAbandoned } from '../orders/order-events.js';

/**
 * Saga step 3 (stock.reserved): an executing order becomes executed and analytics hears order.executed
 * with the names and categories of the replica, the order's prices and the costs catalog reserved at.
 * Any other order is left alone: the event is late or repeated (and stock taken for an attempt that
 * did not execute the order is handed back).
 */
export async function completeExecution(
  tx: TransactionSql,
  reserved: EventData<'stock.reserved'>,
  causation: Causation,
): Promise<boolean> {
  const orderId = reserved.order_id;
  const executed = await markExecuted(tx, orderId, reserved.attempt);
  if (!executed) {
    await handBackStaleReservation(tx, reserved, causation);
    return false;
  }
  const unitCosts = new Map(reserved.items.map((item) => [item.product_id, item.unit_cost]));
  const items = executed.lines.map((line) => {
    const unitCost = unitCosts.get(line.productId);
    // Catalog reserves exactly the order's lines; a missing one is a bug, so the message dead-letters.
    if (unitCost === undefined)
      throw new Error(`stock.reserved of order ${orderId} lacks product ${line.productId}`);
    return {
      product_id: line.productId,
      product_name: line.productName,
      category_id: line.categoryId,
      category_name: line.categoryName,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      unit_cost: unitCost,
    };
  });
  enqueueEvents(tx, 'order', [
    {
      type: 'order.executed',
      data: {
        order_id: orderId,
        user_id: executed.userId,
        country_code: executed.countryCode,
        executed_at: executed.executedAt.toISOString(),
        items,
        total: executed.total,
      },
      ...causation,
    },
  ]);
  return true;
}

/** A reply of an attempt that did not execute the order holds stock nobody will use: catalog gets it back. */
async function handBackStaleReservation(
  tx: TransactionSql,
  reserved: EventData<'stock.reserved'>,
  causation: Causation,
): Promise<void> {
  // Without an attempt the reply cannot be told from a repeat of the one that executed the order.
  if (reserved.attempt === undefined) return;
  const execution = await lockExecution(tx, reserved.order_id);
  if (!execution || (execution.executed && execution.attempt === reserved.attempt)) return;
  enqueueEvents(tx, 'order', [executionAbandoned(reserved.order_id, reserved.attempt, causation)]);
}
