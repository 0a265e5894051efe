import type { Sql } from '@shop/platform';
import { sumSalesOverTime } from '../data/sales-over-time.repository.js';
import { type Page, type PageRequest, toPage } from './page.js';
import { type Period, planPeriod } from './period.js';
import type { BucketStart, SalesBucket, SalesInterval } from './statistics.js';

/** One page of a period's sales per day, week or month, oldest first. */
export async function listSalesOverTime(
  sql: Sql,
  period: Period,
  interval: SalesInterval,
  { limit, after }: PageRequest<BucketStart>,
): Promise<Page<SalesBucket, BucketStart>> {
  const rows = await sumSalesOverTime(sql, planPeriod(period), { interval, limit: limit + 1, after });
  return toPage(rows, limit, (bucket) => ({ start: bucket.start }));
}
