import { describe, expect, it } from 'vitest';
import { boundsAreReversed, periodOf, planPeriod } from './period.js';

const at = (instant: string) => new Date(instant);

describe('periodOf', () => {
  it('a date from starts at its UTC midnight; a date to runs through the end of its day', () => {
    expect(periodOf({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: at('2026-03-01T00:00:00Z'),
      to: at('2026-04-01T00:00:00Z'),
    });
  });

  it('a date-time is the instant it names, whatever its offset', () => {
    expect(periodOf({ from: '2026-03-01T10:30:00+02:00', to: '2026-03-01T12:00:00.250Z' })).toEqual({
      from: at('2026-03-01T08:30:00Z'),
      to: at('2026-03-01T12:00:00.250Z'),
    });
  });

  it('a missing bound is unbounded', () => {
    expect(periodOf({})).toEqual({ from: null, to: null });
    expect(periodOf({ to: '2026-01-01' })).toEqual({ from: null, to: at('2026-01-02T00:00:00Z') });
  });

  it('bounds past the four-digit years become unbounded or the nearest expressible instant', () => {
    expect(periodOf({ from: '0001-01-01', to: '9999-12-31' })).toEqual({ from: null, to: null });
    expect(periodOf({ from: '9999-12-31T12:00:00Z', to: '0001-01-01T00:00:00Z' })).toEqual({
      from: at('9999-12-31T00:00:00Z'),
      to: at('0001-01-01T00:00:00Z'),
    });
  });
});

describe('boundsAreReversed', () => {
  it.each([
    ['2026-03-02', '2026-03-01', true],
    ['2026-03-01', '2026-03-01', false],
    ['2026-03-01T23:59:59.999Z', '2026-03-01', false],
    ['2026-03-02T00:00:00Z', '2026-03-01', true],
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', false],
    ['2026-03-01T10:00:00.001Z', '2026-03-01T10:00:00Z', true],
    ['2026-03-01', '2026-03-01T00:00:00Z', false],
  ])('from %s, to %s: reversed %s', (from, to, reversed) => {
    expect(boundsAreReversed(from, to)).toBe(reversed);
  });
});

describe('planPeriod', () => {
  const nothing = { from: '-infinity', to: '-infinity' };

  it('whole days only: aggregates for every day, no facts', () => {
    expect(planPeriod(periodOf({ from: '2026-03-01', to: '2026-03-31' }))).toEqual({
      firstDay: '2026-03-01',
      endDay: '2026-04-01',
      edges: [nothing, nothing],
    });
  });

  it('unbounded: every day of the aggregates', () => {
    expect(planPeriod({ from: null, to: null })).toEqual({
      firstDay: '-infinity',
      endDay: 'infinity',
      edges: [nothing, nothing],
    });
  });

  it('partial edge days come from the facts, the whole days between from the aggregates', () => {
    expect(planPeriod(periodOf({ from: '2026-03-01T18:00:00Z', to: '2026-03-04T06:00:00Z' }))).toEqual({
      firstDay: '2026-03-02',
      endDay: '2026-03-04',
      edges: [
        { from: '2026-03-01T18:00:00.000Z', to: '2026-03-02T00:00:00.000Z' },
        { from: '2026-03-04T00:00:00.000Z', to: '2026-03-04T06:00:00.000Z' },
      ],
    });
  });

  it('within one day, or across one midnight with no whole day inside: facts only', () => {
    const sameDay = planPeriod(periodOf({ from: '2026-03-01T08:00:00Z', to: '2026-03-01T09:00:00Z' }));
    const acrossMidnight = planPeriod(periodOf({ from: '2026-03-01T22:00:00Z', to: '2026-03-02T02:00:00Z' }));

    expect(sameDay).toEqual({
      firstDay: '-infinity',
      endDay: '-infinity',
      edges: [{ from: '2026-03-01T08:00:00.000Z', to: '2026-03-01T09:00:00.000Z' }, nothing],
    });
    expect(acrossMidnight.edges).toEqual([
      { from: '2026-03-01T22:00:00.000Z', to: '2026-03-02T02:00:00.000Z' },
      nothing,
    ]);
    expect(acrossMidnight.firstDay).toBe('-infinity');
  });

  it('an empty span reads nothing', () => {
    const instant = at('2026-03-01T08:00:00Z');
    expect(planPeriod({ from: instant, to: instant }).edges).toEqual([nothing, nothing]);
  });

  it('an open end keeps the edge day of the other bound', () => {
    expect(planPeriod(periodOf({ from: '2026-03-01T12:00:00Z' }))).toEqual({
      firstDay: '2026-03-02',
      endDay: 'infinity',
      edges: [{ from: '2026-03-01T12:00:00.000Z', to: '2026-03-02T00:00:00.000Z' }, nothing],
    });
  });
});
