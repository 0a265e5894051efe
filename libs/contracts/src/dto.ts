import { z } from 'zod';

// Largest value of numeric(12,2), so anything accepted here fits the column.
const maxMoney = 9_999_999_999.99;

// toFixed instead of multipleOf(0.01): float error makes 0.07 % 0.01 non-zero.
function hasAtMostTwoDecimals(value: number): boolean {
  return Number(value.toFixed(2)) === value;
}

/** An amount of money: a JSON number >= 0 with at most 2 decimals, as stored in numeric(12,2). */
export const money = z
  .number()
  .min(0)
  .max(maxMoney)
  .refine(hasAtMostTwoDecimals, 'must have at most 2 decimals')
  .meta({ description: 'Amount >= 0 with at most 2 decimals (numeric(12,2))' });

/** A database id: ids are positive integers everywhere. */
export const entityId = z.int().positive();

// Largest int4: stock and line quantities are integer columns.
const maxInt4 = 2_147_483_647;

/** A count of units: a non-negative integer that fits an int4 column. */
export const quantity = z.int().nonnegative().max(maxInt4);

/** A human-readable name (product, category). */
export const entityName = z.string().min(1);

/** An ISO 8601 date-time with `Z` or an explicit offset. */
export const isoDateTime = z.iso.datetime({ offset: true });
