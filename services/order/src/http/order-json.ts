import { z } from '@hono/zod-openapi';
import { cursorCodec, INT4_MAX } from '@shop/platform';
import type { OrderPage } from '../orders/list-orders.js';
import type { Order } from '../orders/order.js';
import type { orderSchema } from './orders.schemas.js';

type OrderJson = z.infer<typeof orderSchema>;

// Orders are listed newest first by id; a cursor carries the id the next page starts below.
const orderCursor = cursorCodec('orders', z.strictObject({ beforeId: z.int().positive().max(INT4_MAX) }));

/** An order as clients see it; optional fields only when set. */
export function orderJson(order: Order): OrderJson {
  return {
    id: order.id,
    user_id: order.userId,
    status: order.status,
    location: order.location,
    country_code: order.countryCode,
    items: order.items.map((line) => ({
      product_id: line.productId,
      product_name: line.productName,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      line_total: line.lineTotal,
    })),
    total: order.total,
    ...(order.rejection
      ? {
          rejection: {
            rejected_at: order.rejection.rejectedAt,
            reason: order.rejection.reason,
            shortages: order.rejection.shortages,
          },
        }
      : {}),
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
    ...(order.executedAt ? { executed_at: order.executedAt.toISOString() } : {}),
    ...(order.cancelledAt ? { cancelled_at: order.cancelledAt.toISOString() } : {}),
    ...(order.restockedAt ? { restocked_at: order.restockedAt.toISOString() } : {}),
  };
}

/** A page of orders in the list shape; the cursor is the opaque id the next page starts below. */
export function orderPageJson(page: OrderPage) {
  return {
    items: page.items.map(orderJson),
    next_cursor: page.nextBeforeId === null ? null : orderCursor.encode({ beforeId: page.nextBeforeId }),
  };
}

/** The id a cursor's page starts below; 400 for a cursor this list did not hand out. */
export function decodeCursor(cursor: string | undefined): number | undefined {
  return orderCursor.decode(cursor)?.beforeId;
}
