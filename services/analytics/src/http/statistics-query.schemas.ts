import { z } from '@hono/zod-openapi';
import { INT4_MAX, pageQueryShape } from '@shop/platform';
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

/** The query of /statistics/profit: a period. */
export const periodQuery = z.strictObject(periodShape).refine(fromNotAfterTo, fromAfterTo);

/** The query of /statistics/product-sales: a period, a category maybe, a page. */
export const productSalesQuery = z
  .strictObject({
    ...periodShape,
    category_id: z.coerce
      .number()
      .int()
      .positive()
      .max(INT4_MAX)
      .optional()
      .openapi({
        description:
          'Only the units sold in this category (the one each sale was made in); shares stay those of all units ' +
          'of the period. Pages on from a category’s `products_next_cursor`.',
      }),
    ...pageQueryShape,
  })
  .refine(fromNotAfterTo, fromAfterTo);

/** The query of /statistics/category-product-sales: a period and a page. */
export const categoryProductSalesQuery = z
  .strictObject({ ...periodShape, ...pageQueryShape })
  .refine(fromNotAfterTo, fromAfterTo);

/** The query of /statistics/sales-over-time: bucket width, a period and a page. */
export const salesOverTimeQuery = z
  .strictObject({
    interval: z
      .enum(salesIntervals)
      .default('day')
      .openapi({ description: 'Bucket width, UTC: day, week (starting Monday) or month. Default day.' }),
    ...periodShape,
    ...pageQueryShape,
  })
  .refine(fromNotAfterTo, fromAfterTo);
