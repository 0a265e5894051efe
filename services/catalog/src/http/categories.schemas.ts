import { z } from '@hono/zod-openapi';
import { pageQueryShape } from '@shop/platform';
import { categoryNameSchema } from './common.schemas.js';
import { productListSchema, productPageQueryShape } from './products.schemas.js';

export const categorySchema = z
  .object({ id: z.int(), name: z.string(), product_count: z.int() })
  .openapi('Category');

export const categoryListSchema = z
  .object({ items: z.array(categorySchema), next_cursor: z.string().nullable() })
  .openapi('CategoryList');

export const categoryProductsSchema = productListSchema
  .extend({ category: z.string(), category_id: z.int() })
  .openapi('CategoryProducts');

export const deletedCategorySchema = z
  .object({ id: z.int(), name: z.string(), removed_products: z.int() })
  .openapi('DeletedCategory');

export const categoryListQuery = z.strictObject(pageQueryShape);

export const categoryProductsQuery = z.strictObject({
  category: categoryNameSchema,
  ...productPageQueryShape,
});

export const categoryPathProductsQuery = z.strictObject(productPageQueryShape);

export const categoryNameParam = z.object({
  name: categoryNameSchema.openapi({ param: { name: 'name', in: 'path' } }),
});

export const newCategoryBody = z.strictObject({ name: categoryNameSchema }).openapi('NewCategory');

export const categoryRenameBody = z
  .strictObject({ old_category_name: categoryNameSchema, new_category_name: categoryNameSchema })
  .openapi('CategoryRename');

export const categoryDeleteBody = z
  .strictObject({ category_to_delete: categoryNameSchema })
  .openapi('CategoryDelete');
