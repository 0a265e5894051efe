import { z } from '@hono/zod-openapi';
import { type CursorBinding, cursorCodec, INT4_MAX } from '@shop/platform';
import type { Period } from '../statistics/period.js';

const salesRank = z.strictObject({ quantity: z.int().min(0), id: z.int().positive().max(INT4_MAX) });
// PostgreSQL has no year 0, which the date format would let through.
const bucketStart = z.strictObject({
  start: z.iso.date().refine((start) => !start.startsWith('0000'), 'no year 0'),
});

/** Cursors of /statistics/product-sales (also each category's `products_next_cursor`). */
export const productSalesCursor = cursorCodec('statistics product-sales', salesRank);

/** Cursors of /statistics/category-product-sales. */
export const categorySalesCursor = cursorCodec('statistics category-product-sales', salesRank);

/** Cursors of /statistics/sales-over-time. */
export const salesOverTimeCursor = cursorCodec('statistics sales-over-time', bucketStart);

/**
 * What a statistics cursor is made for: the period as instants (so however `from` and `to` are
 * written) and the route's other filters.
 */
export function periodBinding(period: Period, filters: CursorBinding = {}): CursorBinding {
  return { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null, ...filters };
}
