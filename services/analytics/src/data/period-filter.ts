// Bounds go as text: postgres.js would turn a timestamptz or date parameter into a Date, which has no infinity.
import type { Queryable } from '@shop/platform';
import type { PeriodPlan } from '../statistics/period.js';

/** The condition on `day` that keeps the whole days of a plan (day aggregates). */
export function inWholeDays(sql: Queryable, plan: PeriodPlan) {
  return sql`day >= ${plan.firstDay}::text::date and day < ${plan.endDay}::text::date`;
}

/** The condition on `executed_at` that keeps the partial edge days of a plan (sales facts). */
export function inEdgeDays(sql: Queryable, plan: PeriodPlan) {
  const [before, after] = plan.edges;
  return sql`(
    (executed_at >= ${before.from}::text::timestamptz and executed_at < ${before.to}::text::timestamptz)
    or (executed_at >= ${after.from}::text::timestamptz and executed_at < ${after.to}::text::timestamptz))`;
}
