/**
 * The time span a statistic covers: `from` inclusive, `to` exclusive; null is unbounded.
 * Days are UTC dates.
 */
export interface Period {
  from: Date | null;
  to: Date | null;
}

/** A span of instants, [from, to), as PostgreSQL timestamptz literals ('-infinity' allowed). */
export interface InstantRange {
  from: string;
  to: string;
}

/**
 * How a period is read: whole UTC days [firstDay, endDay) from the day aggregates, and the partial
 * days at its edges (at most two ranges, each within one day) from the sales facts. So a read costs
 * days × products plus two days of facts, whatever the number of orders before.
 */
export interface PeriodPlan {
  firstDay: string;
  endDay: string;
  edges: [InstantRange, InstantRange];
}

/** The bound of a query: a date (YYYY-MM-DD) or a date-time with an offset. */
export type PeriodBound = string;

const DAY_MS = 86_400_000;
const NOTHING: InstantRange = { from: '-infinity', to: '-infinity' };
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const EARLIEST = new Date('0001-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T00:00:00Z');

/**
 * Turns the query's bounds into a period: a date `from` starts at its UTC midnight, a date `to` runs
 * through the end of that day, a date-time is the instant it names.
 */
export function periodOf(query: { from?: PeriodBound | undefined; to?: PeriodBound | undefined }): Period {
  const from = query.from === undefined ? null : startOf(query.from);
  const to = query.to === undefined ? null : endOf(query.to);
  // Bounds stay within 4-digit years, which the timestamptz literals here express; past them a bound
  // excludes nothing that could have been sold, so it becomes unbounded (or the nearest expressible).
  return {
    from: from === null || from <= EARLIEST ? null : from < LATEST ? from : LATEST,
    to: to === null || to >= LATEST ? null : to > EARLIEST ? to : EARLIEST,
  };
}

/**
 * True when `from` comes after `to`: after a date-time `to`, or at or after the end of a date `to`'s day
 * (so `from` may be a date-time within that day).
 */
export function boundsAreReversed(from: PeriodBound, to: PeriodBound): boolean {
  const start = startOf(from).getTime();
  return DATE_ONLY.test(to) ? start >= endOf(to).getTime() : start > startOf(to).getTime();
}

/** Splits a period into whole days (aggregates) and partial edge days (facts). */
export function planPeriod({ from, to }: Period): PeriodPlan {
  const firstWholeDay = from === null ? null : ceilToDay(from);
  const endWholeDay = to === null ? null : floorToDay(to);
  if (from && to && firstWholeDay && endWholeDay && firstWholeDay >= endWholeDay) {
    // No whole day inside: everything comes from the facts (at most two days of them).
    return { firstDay: '-infinity', endDay: '-infinity', edges: [rangeOf(from, to), NOTHING] };
  }
  return {
    firstDay: firstWholeDay ? dateOf(firstWholeDay) : '-infinity',
    endDay: endWholeDay ? dateOf(endWholeDay) : 'infinity',
    edges: [
      from && firstWholeDay ? rangeOf(from, firstWholeDay) : NOTHING,
      to && endWholeDay ? rangeOf(endWholeDay, to) : NOTHING,
    ],
  };
}

function startOf(bound: PeriodBound): Date {
  return new Date(DATE_ONLY.test(bound) ? `${bound}T00:00:00Z` : bound);
}

function endOf(bound: PeriodBound): Date {
  const start = startOf(bound);
  return DATE_ONLY.test(bound) ? new Date(start.getTime() + DAY_MS) : start;
}

function floorToDay(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / DAY_MS) * DAY_MS);
}

function ceilToDay(instant: Date): Date {
  return new Date(Math.ceil(instant.getTime() / DAY_MS) * DAY_MS);
}

function dateOf(midnight: Date): string {
  return midnight.toISOString().slice(0, 10);
}

function rangeOf(from: Date, to: Date): InstantRange {
  return from.getTime() >= to.getTime() ? NOTHING : { from: from.toISOString(), to: to.toISOString() };
}
