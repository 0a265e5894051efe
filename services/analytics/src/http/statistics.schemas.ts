import { z } from '@hono/zod-openapi';
import { boundsAreReversed } from '../statistics/period.js';
import { salesIntervals } from '../statistics/statistics.js';

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

function isPeriodBound(value: string): boolean {
  const wellFormed = isoDate.safeParse(value).success || isoDateTime.safeParse(value).success;
  // JavaScript dates hold milliseconds: finer bounds would be silently cut.
  return wellFormed && !/\.\d{4,}/.test(value);
}

const periodBound = (description: string) =>
  z
    .string()
    .refine(
      isPeriodBound,
      'must be a date (YYYY-MM-DD) or a date-time with Z or an offset, to the millisecond',
    )
    .optional()
    .openapi({ description, examples: ['2026-01-31', '2026-01-31T12:00:00Z'] });

const periodShape = {
  from: periodBound(
    'Start of the period, inclusive. A date (YYYY-MM-DD) means its first instant, UTC; a date-time ' +
      '(with Z or an offset) the instant it names. Default: since the first sale.',
  ),
  to: periodBound(
    'End of the period. A date (YYYY-MM-DD) is inclusive: through the end of that UTC day; a date-time is ' +
      'exclusive: sales before that instant. Default: no end. A `from` after a date-time `to`, or at or after ' +
      'the end of a date `to`, is refused (400).',
  ),
};

function fromNotAfterTo(query: { from?: string | undefined; to?: string | undefined }): boolean {
  return query.from === undefined || query.to === undefined || !boundsAreReversed(query.from, query.to);
}

const fromAfterTo = { path: ['from'], message: 'must not be after to' };

export const periodQuery = z.strictObject(periodShape).refine(fromNotAfterTo, fromAfterTo);

export const salesOverTimeQuery = z
  .strictObject({
    interval: z
      .enum(salesIntervals)
      .default('day')
      .openapi({ description: 'Bucket width, UTC: day, week (starting Monday) or month. Default day.' }),
    ...periodShape,
  })
  .refine(fromNotAfterTo, fromAfterTo);

const amount = (description: string) => z.number().openapi({ description });
const units = z.int().min(0);
const percentage = z.number().min(0).max(100).openapi({ description: 'Percent of units, 2 decimals' });

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
    sales_percentage: percentage,
  })
  .openapi('ProductSales');

export const productSalesListSchema = z
  .object({ items: z.array(productSalesSchema) })
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
    products: z.array(categoryProductSchema),
  })
  .openapi('CategorySales');

export const categoryProductSalesSchema = z
  .object({ items: z.array(categorySalesSchema) })
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
  })
  .openapi('SalesOverTime');

export const rebuildSchema = z
  .object({
    facts: z.int().openapi({ description: 'Sales facts read' }),
    days: z.int().openapi({ description: 'Day rows written' }),
    product_days: z.int().openapi({ description: 'Day × product rows written' }),
  })
  .openapi('StatisticsRebuilt');
