import type { Sql } from '@shop/platform';
import { sumSalesOverTime } from '../data/sales-over-time.repository.js';
import { type Period, planPeriod } from './period.js';
import type { SalesBucket, SalesInterval } from './statistics.js';

/** Sales of a period per day, week or month. */
export function listSalesOverTime(sql: Sql, period: Period, interval: SalesInterval): Promise<SalesBucket[]> {
  return sumSalesOverTime(sql, planPeriod(period), interval);
}
