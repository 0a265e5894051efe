import type { Sql } from '@shop/platform';
import { type RebuiltAggregates, rebuildAggregates } from '../data/aggregates.repository.js';
import { lockSalesLedger } from '../data/ledger-lock.repository.js';

/**
 * Recomputes every aggregate from the sales facts in one transaction, under the ledger lock so no
 * event is handled meanwhile; readers keep seeing the previous aggregates until it commits.
 */
export function rebuildStatistics(sql: Sql): Promise<RebuiltAggregates> {
  return sql.begin(async (tx) => {
    await lockSalesLedger(tx);
    return rebuildAggregates(tx);
  }) as Promise<RebuiltAggregates>;
}
