import { z } from '@hono/zod-openapi';
import { INT4_MAX, idSchema, pageQueryShape, queryFlag } from '@shop/platform';
import { productSorts } from '../products/product.js';
import {
  categoryNameSchema,
  costSchema,
  priceSchema,
  productNameSchema,
  quantitySchema,
} from './common.schemas.js';

export const productSchema = z
  .object({
    id: z.int(),
    name: z.string(),
    category: z.string(),
    category_id: z.int(),
    price: z.number(),
    quantity: z.int(),
    cost: z.number().optional().openapi({ description: 'Shown to admins only' }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('Product');

export const productListSchema = z
  .object({ items: z.array(productSchema), next_cursor: z.string().nullable() })
  .openapi('ProductList');

const decimalQuery = z
  .string()
  .regex(/^\d{1,10}(\.\d{1,2})?$/, 'must be a number >= 0 with at most 2 decimals')
  .transform(Number);

/** Sort and page of a product list. */
export const productPageQueryShape = {
  sort: z.enum(productSorts).default('name').openapi({
    description:
      'Default name (case-insensitive); price, created_at and quantity ascending, -price descending',
  }),
  ...pageQueryShape,
};

export const productListQuery = z
  .strictObject({
    name: productNameSchema.optional().openapi({ description: 'Exact name, case-insensitive' }),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'Part of the name, case-insensitive' }),
    category: categoryNameSchema.optional(),
    min_price: decimalQuery.optional(),
    max_price: decimalQuery.optional(),
    in_stock: queryFlag('true: quantity > 0; false: quantity = 0'),
    max_quantity: z
      .string()
      .regex(/^\d{1,10}$/, 'must be a whole number >= 0')
      .transform(Number)
      .pipe(z.int().max(INT4_MAX))
      .optional()
      .openapi({
        description: 'At most this many units in stock (the low-stock view); combines with the others',
      }),
    ...productPageQueryShape,
  })
  .refine(
    (query) =>
      !(query.min_price !== undefined && query.max_price !== undefined && query.min_price > query.max_price),
    {
      path: ['min_price'],
      message: 'must not exceed max_price',
    },
  );

export const newProductBody = z
  .strictObject({
    name: productNameSchema,
    quantity: quantitySchema,
    price: priceSchema,
    category: categoryNameSchema.openapi({
      description: 'Created when missing (matched case-insensitively)',
    }),
    cost: costSchema.optional().openapi({ description: 'Default 0' }),
  })
  .openapi('NewProduct');

export const productChangesBody = z
  .strictObject({
    id: idSchema,
    name: productNameSchema.optional(),
    quantity: quantitySchema.optional(),
    price: priceSchema.optional(),
    category: categoryNameSchema.optional(),
    cost: costSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 1, 'give at least one field to change besides id')
  .openapi('ProductChanges');

export const stockChangeBody = z
  .strictObject({
    id: idSchema,
    delta: z
      .int()
      .min(-INT4_MAX)
      .max(INT4_MAX)
      .refine((delta) => delta !== 0, 'must not be 0'),
  })
  .openapi('StockChange');

export const productIdBody = z.strictObject({ id: idSchema }).openapi('ProductId');
