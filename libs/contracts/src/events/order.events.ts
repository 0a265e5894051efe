import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { entityId, entityName, isoDateTime, money, quantity } from '../dto.js';

const orderLine = z.strictObject({ product_id: entityId, quantity: quantity.min(1) });

/** Which execution of an order a saga message belongs to: 1, 2, … per order (optional: older messages lack it). */
export const executionAttempt = z.int().nonnegative().max(2_147_483_647).optional().meta({
  description: 'The execution attempt of the order (1, 2, …), echoed by the answer; absent in older messages',
});

export const orderExecutionRequested = defineEvent({
  type: 'order.execution-requested',
  version: 1,
  description:
    'An order moved to executing; catalog takes the stock of every line or of none, and answers with ' +
    'stock.reserved or stock.rejected. Re-sent with the same attempt while no answer came; catalog answers a ' +
    're-sent attempt as it did the first time, and ignores an attempt older than one it has seen.',
  producer: 'order',
  consumers: ['catalog'],
  data: z.strictObject({
    order_id: entityId,
    user_id: entityId,
    attempt: executionAttempt,
    items: z.array(orderLine).min(1),
  }),
});

export const orderExecutionAbandoned = defineEvent({
  type: 'order.execution-abandoned',
  version: 1,
  description:
    'The order service gave up an execution attempt (it timed out, or its stock.reserved came too late); ' +
    'catalog puts back any stock it took for that attempt or an earlier one, and takes none for it later.',
  producer: 'order',
  consumers: ['catalog'],
  data: z.strictObject({ order_id: entityId, attempt: z.int().nonnegative().max(2_147_483_647) }),
});

export const orderExecuted = defineEvent({
  type: 'order.executed',
  version: 1,
  description:
    'An order was executed; it carries the names, prices and costs at execution time, so analytics can ' +
    'record the sale without asking anyone.',
  producer: 'order',
  consumers: ['analytics'],
  data: z.strictObject({
    order_id: entityId,
    user_id: entityId,
    country_code: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in upper case'),
    executed_at: isoDateTime,
    items: z
      .array(
        z.strictObject({
          product_id: entityId,
          product_name: entityName,
          category_id: entityId,
          category_name: entityName,
          quantity: quantity.min(1),
          unit_price: money,
          unit_cost: money,
        }),
      )
      .min(1),
    total: money,
  }),
});

export const orderCancelled = defineEvent({
  type: 'order.cancelled',
  version: 1,
  description:
    'An order was cancelled; when was_executed is true, catalog restocks its items (then sends ' +
    'stock.released) and analytics reverses the sale.',
  producer: 'order',
  consumers: ['catalog', 'analytics'],
  data: z.strictObject({
    order_id: entityId,
    was_executed: z.boolean(),
    items: z.array(orderLine),
  }),
});
