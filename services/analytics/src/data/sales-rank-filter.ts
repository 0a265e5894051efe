import type { Queryable } from '@shop/platform';
import type { Fragment } from 'postgres';
import type { SalesRank } from '../statistics/statistics.js';

/**
 * The keyset condition of a list by units sold, most first, then by id: what comes after `after`
 * (everything without it). The columns are fragments of the query, never input.
 */
export function afterRank(sql: Queryable, quantity: Fragment, id: Fragment, after: SalesRank | undefined) {
  if (after === undefined) return sql``;
  return sql`and (${quantity} < ${after.quantity} or (${quantity} = ${after.quantity} and ${id} > ${after.id}))`;
}
