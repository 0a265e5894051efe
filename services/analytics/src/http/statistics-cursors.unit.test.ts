import { ValidationError } from '@shop/platform';
import { describe, expect, it } from 'vitest';
import { periodOf } from '../statistics/period.js';
import { periodBinding, productSalesCursor, salesOverTimeCursor } from './statistics-cursors.js';

describe('sales-over-time cursors (bucket starts)', () => {
  const march = periodBinding(periodOf({ from: '2026-03-01', to: '2026-03-31' }), { interval: 'week' });

  it('carry the start day of the last bucket seen, for the same period and interval', () => {
    const cursor = salesOverTimeCursor.encode({ start: '2026-03-09' }, march);

    expect(salesOverTimeCursor.decode(cursor, march)).toEqual({ start: '2026-03-09' });
  });

  it('bind the period as instants: a date to and the end of its day are the same period', () => {
    const asDates = periodBinding(periodOf({ from: '2026-03-01', to: '2026-03-31' }), { interval: 'week' });
    const asInstants = periodBinding(
      periodOf({ from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00+00:00' }),
      { interval: 'week' },
    );
    const cursor = salesOverTimeCursor.encode({ start: '2026-03-09' }, asDates);

    expect(asInstants).toEqual(asDates);
    expect(salesOverTimeCursor.decode(cursor, asInstants)).toEqual({ start: '2026-03-09' });
  });

  it('are refused for another interval or another period', () => {
    const cursor = salesOverTimeCursor.encode({ start: '2026-03-09' }, march);
    const byMonth = periodBinding(periodOf({ from: '2026-03-01', to: '2026-03-31' }), { interval: 'month' });
    const april = periodBinding(periodOf({ from: '2026-04-01', to: '2026-04-30' }), { interval: 'week' });

    expect(() => salesOverTimeCursor.decode(cursor, byMonth)).toThrow(ValidationError);
    expect(() => salesOverTimeCursor.decode(cursor, april)).toThrow(ValidationError);
  });

  it.each([['2026-02-30'], ['2026-13-01'], ['0000-01-01'], ['2026-03-09T00:00:00Z']])(
    'refuse a bucket start %s that is no date PostgreSQL has',
    (start) => {
      const forged = salesOverTimeCursor.encode({ start }, march);

      expect(() => salesOverTimeCursor.decode(forged, march)).toThrow(ValidationError);
    },
  );

  it('are not product-sales cursors', () => {
    const cursor = salesOverTimeCursor.encode({ start: '2026-03-09' }, march);

    expect(() => productSalesCursor.decode(cursor, march)).toThrow(ValidationError);
  });
});
