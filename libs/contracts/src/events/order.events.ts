import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { entityId, entityName, isoDateTime, money, quantity } from '../dto.js';

const orderLine = z.strictObject({ product_id: entityId, quantity: quantity.min(1) });

export const orderExecutionRequested = defineEvent({
  type: 'order.execution-requested',
  version: 1,
  description:
    'An order moved to executing; catalog takes the stock of every line or of none, and answers with ' +
    'stock.reserved or stock.rejected.',
  producer: 'order',
  consumers: ['catalog'],
  data: z.strictObject({
    order_id: entityId,
    user_id: entityId,
    items: z.array(orderLine).min(1),
  }),
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
