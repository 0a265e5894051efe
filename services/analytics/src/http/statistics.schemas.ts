import { z } from '@hono/zod-openapi';
import { PRODUCTS_PER_CATEGORY } from '../statistics/list-category-product-sales.js';
import { salesIntervals } from '../statistics/statistics.js';

const amount = (description: string) => z.number().openapi({ description });
const units = z.int().min(0);
const percentage = z.number().min(0).max(100).openapi({ description: 'Percent of units, 2 decimals' });
const nextCursor = z
  .string()
  .nullable()
  .openapi({ description: 'Pass as `cursor` (with the same filters) for the next page; null at the end' });

export const profitSchema = z
  .object({
    number_of_executed_orders: z.int().min(0),
    total_revenue: amount('Sum of quantity × unit price at execution'),
    total_cost: amount('Sum of quantity × unit cost at execution'),
    total_profit: amount('Revenue − cost (negative when sold below cost)'),
  })
  .openapi('Profit');

const productSalesSchema = z
  .object({
    product_id: z.int(),
    product_name: z
      .string()
      .openapi({ description: "Catalog's current name, else the name it was sold under" }),
    total_quantity_sold: units,
    sales_percentage: percentage.openapi({
      description: 'Percent of all units sold in the period (not of the page or category), 2 decimals',
    }),
  })
  .openapi('ProductSales');

export const productSalesListSchema = z
  .object({ items: z.array(productSalesSchema), next_cursor: nextCursor })
  .openapi('ProductSalesList', { description: 'Products by units sold, most first, then by id' });

const categoryProductSchema = z
  .object({
    product_id: z.int(),
    product_name: z.string(),
    quantity_sold: units,
    sales_percentage_within_category: percentage,
  })
  .openapi('CategoryProduct');

const categorySalesSchema = z
  .object({
    category_id: z.int().openapi({ description: 'The category each sale was made in' }),
    category_name: z.string().openapi({ description: "Catalog's current name of the category" }),
    total_category_quantity: units,
    products: z.array(categoryProductSchema).openapi({
      description: `The category's ${PRODUCTS_PER_CATEGORY} most sold products at most, most units first, then by id`,
    }),
    products_next_cursor: z
      .string()
      .nullable()
      .openapi({
        description:
          'Null when `products` holds all of the category’s products; else the rest page on as ' +
          '`GET /statistics/product-sales?category_id={category_id}&cursor={products_next_cursor}` with the same ' +
          'from/to (their `sales_percentage` is of all units of the period)',
      }),
  })
  .openapi('CategorySales');

export const categoryProductSalesSchema = z
  .object({ items: z.array(categorySalesSchema), next_cursor: nextCursor })
  .openapi('CategoryProductSalesList', {
    description: 'Categories by units sold, most first, then by id; products likewise within each',
  });

const salesBucketSchema = z
  .object({
    start: z.iso.date().openapi({ description: 'First UTC day of the bucket' }),
    orders: z.int().min(0),
    quantity: units,
    revenue: z.number(),
    profit: z.number(),
  })
  .openapi('SalesBucket');

export const salesOverTimeSchema = z
  .object({
    interval: z.enum(salesIntervals),
    items: z.array(salesBucketSchema).openapi({
      description:
        'Oldest first, from the first bucket with a sale to the last; buckets between without sales have ' +
        'zeros. The first and last buckets hold only what falls within from/to.',
    }),
    next_cursor: nextCursor,
  })
  .openapi('SalesOverTime');

export const rebuildSchema = z
  .object({
    facts: z.int().openapi({ description: 'Sales facts read' }),
    days: z.int().openapi({ description: 'Day rows written' }),
    product_days: z.int().openapi({ description: 'Day × product rows written' }),
  })
  .openapi('StatisticsRebuilt');
