import { z } from '@hono/zod-openapi';
import { type CursorCodec, cursorCodec, INT4_MAX } from '@shop/platform';
import type { SortPosition } from '../data/page.js';
import type { ProductSort } from '../products/product.js';

// A key goes back to PostgreSQL, so it must be a value of its column's type, not just look like one.
const textKey = z
  .string()
  .min(1)
  .max(800)
  .refine((key) => !key.includes('\0'), 'PostgreSQL text holds no NUL');
const priceKey = z.string().regex(/^\d{1,10}\.\d{2}$/);
const quantityKey = z
  .string()
  .regex(/^\d{1,10}$/)
  .refine((key) => Number(key) <= INT4_MAX, 'PostgreSQL integers end at 2147483647');
const timestampKey = z.iso
  .datetime({ precision: 6 })
  .refine((key) => !key.startsWith('0000'), 'PostgreSQL has no year 0');

function sortedBy(list: string, key: z.ZodType<string>): CursorCodec<SortPosition, SortPosition> {
  return cursorCodec(list, z.strictObject({ key, id: z.int().positive().max(INT4_MAX) }));
}

/** The cursors of product lists, one per sort; each carries the last product's sort key and id. */
export const productCursors: Record<ProductSort, CursorCodec<SortPosition, SortPosition>> = {
  name: sortedBy('products by name', textKey),
  price: sortedBy('products by price', priceKey),
  '-price': sortedBy('products by -price', priceKey),
  created_at: sortedBy('products by created_at', timestampKey),
  quantity: sortedBy('products by quantity', quantityKey),
};

/** The cursor of the category list: the last category's case-insensitive name and id. */
export const categoryCursor = sortedBy('categories by name', textKey);
