import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { entityId, money, quantity } from '../dto.js';
import { executionAttempt } from './order.events.js';

export const stockReserved = defineEvent({
  type: 'stock.reserved',
  version: 1,
  description:
    'Catalog took the stock of every line of an order (answer to order.execution-requested), at these unit costs.',
  producer: 'catalog',
  consumers: ['order'],
  data: z.strictObject({
    order_id: entityId,
    attempt: executionAttempt,
    items: z
      .array(z.strictObject({ product_id: entityId, quantity: quantity.min(1), unit_cost: money }))
      .min(1),
  }),
});

export const shortageReasons = ['insufficient_stock', 'unknown_product', 'inactive_product'] as const;

export const stockRejected = defineEvent({
  type: 'stock.rejected',
  version: 1,
  description:
    'Catalog could not take the stock of every line of an order, so it took none (answer to ' +
    'order.execution-requested); the shortages explain why.',
  producer: 'catalog',
  consumers: ['order'],
  data: z.strictObject({
    order_id: entityId,
    attempt: executionAttempt,
    shortages: z
      .array(
        z.strictObject({
          product_id: entityId,
          requested: quantity.min(1),
          available: quantity,
          reason: z.enum(shortageReasons),
        }),
      )
      .min(1),
  }),
});

export const stockReleased = defineEvent({
  type: 'stock.released',
  version: 1,
  description: 'Catalog put back the stock of a cancelled executed order (answer to order.cancelled).',
  producer: 'catalog',
  consumers: ['order'],
  data: z.strictObject({ order_id: entityId }),
});
