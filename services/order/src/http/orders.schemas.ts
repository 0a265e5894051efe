import { z } from '@hono/zod-openapi';
import { shortageReasons } from '@shop/contracts';
import { INT4_MAX, idSchema, pageQueryShape, problemSchema } from '@shop/platform';
import { mergeLines, orderStatuses } from '../orders/order.js';

export const MAX_LINE_QUANTITY = 10_000;

const shortageSchema = z
  .object({
    product_id: z.int(),
    requested: z.int(),
    available: z.int(),
    reason: z.enum(shortageReasons),
  })
  .openapi('Shortage');

export const orderSchema = z
  .object({
    id: z.int(),
    user_id: z.int(),
    status: z.enum(orderStatuses),
    location: z.string().openapi({ description: 'The country, by its English name' }),
    country_code: z.string().openapi({ description: 'ISO 3166-1 alpha-2' }),
    items: z.array(
      z.object({
        product_id: z.int(),
        product_name: z.string(),
        quantity: z.int(),
        unit_price: z.number(),
        line_total: z.number(),
      }),
    ),
    total: z.number(),
    rejection: z
      .object({
        rejected_at: z.iso.datetime(),
        reason: z.enum(['stock_unavailable', 'execution_timed_out']).openapi({
          description:
            'stock_unavailable: catalog could not take every line (see shortages); execution_timed_out: ' +
            'catalog did not answer in time (shortages empty; any stock it took is given back)',
        }),
        shortages: z.array(shortageSchema),
      })
      .optional()
      .openapi({ description: 'The last failed execution; cleared once the order is executed' }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    executed_at: z.iso.datetime().optional(),
    cancelled_at: z.iso.datetime().optional(),
    restocked_at: z.iso
      .datetime()
      .optional()
      .openapi({ description: 'When catalog put back the stock of a cancelled executed order' }),
  })
  .openapi('Order');

export const orderListSchema = z
  .object({ items: z.array(orderSchema), next_cursor: z.string().nullable() })
  .openapi('OrderList');

/** The 409 of an execution catalog rejected: a problem with the short lines. */
export const insufficientStockSchema = problemSchema
  .extend({ shortages: z.array(shortageSchema) })
  .openapi('InsufficientStock');

const locationSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .openapi({ description: 'Country: English name, ISO alpha-2 or alpha-3 code, any case', example: 'DE' });

const orderLinesSchema = z
  .array(
    z.strictObject({
      product_id: idSchema,
      quantity: z.int().min(1).max(MAX_LINE_QUANTITY),
    }),
  )
  .min(1)
  .max(100)
  .superRefine((items, ctx) => {
    for (const line of mergeLines(items)) {
      if (line.quantity > MAX_LINE_QUANTITY) {
        ctx.addIssue({
          code: 'custom',
          message: `Product ${line.product_id} adds up to ${line.quantity} units; at most ${MAX_LINE_QUANTITY}`,
        });
      }
    }
  })
  .openapi({ description: '1..100 lines; lines of the same product are merged (at most 10000 units)' });

export const newOrderBody = z
  .strictObject({ location: locationSchema, items: orderLinesSchema })
  .openapi('NewOrder');

export const orderChangesBody = z
  .strictObject({ id: idSchema, items: orderLinesSchema, location: locationSchema.optional() })
  .openapi('OrderChanges');

export const orderIdBody = z.strictObject({ id: idSchema }).openapi('OrderId');

export const orderListQuery = z.strictObject({
  user_id: z.coerce.number().int().positive().max(INT4_MAX).optional().openapi({
    description: 'Whose orders (admins: anyone; customers: only their own id); default the caller',
  }),
  status: z.enum(orderStatuses).optional(),
  ...pageQueryShape,
});

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'visible ASCII characters only')
    .optional()
    .openapi({ description: 'Replays the first reply to a retry with the same key and body' }),
});
