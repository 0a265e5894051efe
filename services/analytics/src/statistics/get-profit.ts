import type { Sql } from '@shop/platform';
import { sumProfit } from '../data/profit.repository.js';
import { type Period, planPeriod } from './period.js';
import type { Profit } from './statistics.js';

/** Executed orders, revenue, cost and profit of a period. */
export function getProfit(sql: Sql, period: Period): Promise<Profit> {
  return sumProfit(sql, planPeriod(period));
}
