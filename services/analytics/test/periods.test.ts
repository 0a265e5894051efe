import { useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { executedOrder, period, product, sell } from './fixtures/sales.js';
import { useTestAnalytics } from './fixtures/test-analytics.js';

const env = useTestEnvironment();

const analytics = useTestAnalytics(env);
const bus = useEventTap(env);

/** Sells one unit at each instant, for 1.00 each (so revenue counts the sales in a period). */
async function sellOneAt(...instants: string[]) {
  const item = { ...product('Token', 1, 0), quantity: 1 };
  await sell(bus, analytics, ...instants.map((instant) => executedOrder(instant, [item])));
}

const ordersIn = async (from?: string, to?: string) =>
  (await analytics.get(`/statistics/profit${period(from, to)}`)).number_of_executed_orders;

const buckets = async (interval: string, from: string, to: string) =>
  (await analytics.get(`/statistics/sales-over-time${period(from, to)}&interval=${interval}`)).items.map(
    (bucket: { start: string; orders: number }) => [bucket.start, bucket.orders],
  );

describe('from and to', () => {
  it('a date-time from is inclusive and a date-time to exclusive, to the millisecond', async () => {
    await sellOneAt(
      '2033-05-10T11:59:59.999Z',
      '2033-05-10T12:00:00Z',
      '2033-05-10T17:59:59.999Z',
      '2033-05-10T18:00:00Z',
    );
    expect(await ordersIn('2033-05-10T12:00:00Z', '2033-05-10T18:00:00Z')).toBe(2);
    expect(await ordersIn('2033-05-10T14:00:00+02:00', '2033-05-10T20:00:00+02:00')).toBe(2);
    expect(await ordersIn('2033-05-10T12:00:00.001Z', '2033-05-10T18:00:00.001Z')).toBe(2);
    expect(await ordersIn('2033-05-10T12:00:00Z', '2033-05-10T12:00:00Z')).toBe(0);
  });

  it('a date from starts at its UTC midnight; a date to runs through the end of its UTC day', async () => {
    await sellOneAt(
      '2033-06-09T23:59:59.999Z',
      '2033-06-10T00:00:00Z',
      '2033-06-12T23:59:59.999Z',
      '2033-06-13T00:00:00Z',
    );
    expect(await ordersIn('2033-06-10', '2033-06-12')).toBe(2);
    expect(await ordersIn('2033-06-10', '2033-06-10')).toBe(1);
    expect(await ordersIn('2033-06-09', '2033-06-13')).toBe(4);
  });

  it('partial days at both edges of a longer period count only the sales inside it', async () => {
    await sellOneAt(
      '2033-07-01T11:59:59.999Z',
      '2033-07-01T12:00:00Z',
      '2033-07-02T08:00:00Z',
      '2033-07-03T08:00:00Z',
      '2033-07-04T11:59:59.999Z',
      '2033-07-04T12:00:00Z',
    );
    expect(await ordersIn('2033-07-01T12:00:00Z', '2033-07-04T12:00:00Z')).toBe(4);
    expect(await buckets('day', '2033-07-01T12:00:00Z', '2033-07-04T12:00:00Z')).toEqual([
      ['2033-07-01', 1],
      ['2033-07-02', 1],
      ['2033-07-03', 1],
      ['2033-07-04', 1],
    ]);
    expect(await buckets('week', '2033-07-01T12:00:00Z', '2033-07-04T12:00:00Z')).toEqual([
      ['2033-06-27', 3],
      ['2033-07-04', 1],
    ]);
  });

  it('without from or to the period is unbounded on that side', async () => {
    await sellOneAt('2099-01-01T00:00:00Z');
    expect(await ordersIn('2099-01-01')).toBe(1);
    expect(await ordersIn(undefined, '2033-05-10T12:00:00Z')).toBe(1);
  });
});

describe('buckets are UTC days, weeks starting Monday, and months', () => {
  it('a sale a millisecond before midnight UTC falls in the day before, whatever its offset', async () => {
    await sellOneAt('2034-03-14T23:59:59.999Z', '2034-03-15T00:00:00Z', '2034-03-15T01:30:00+02:00');
    expect(await buckets('day', '2034-03-14', '2034-03-15')).toEqual([
      ['2034-03-14', 2],
      ['2034-03-15', 1],
    ]);
  });

  it('Sunday 23:59:59.999 and Monday 00:00 fall in different weeks, across a new year', async () => {
    // 1 January 2034 is a Sunday: its week began on Monday 26 December 2033.
    await sellOneAt('2034-01-01T23:59:59.999Z', '2034-01-02T00:00:00Z');
    expect(await buckets('week', '2033-12-26', '2034-01-08')).toEqual([
      ['2033-12-26', 1],
      ['2034-01-02', 1],
    ]);
  });

  it('the last millisecond of February in a leap year and the first of March fall in different months', async () => {
    await sellOneAt('2036-02-29T23:59:59.999Z', '2036-03-01T00:00:00Z', '2036-03-31T23:59:59.999Z');
    expect(await buckets('month', '2036-02-01', '2036-03-31')).toEqual([
      ['2036-02-01', 1],
      ['2036-03-01', 2],
    ]);
    expect(await buckets('month', '2036-02-29T12:00:00Z', '2036-03-01T00:00:00.001Z')).toEqual([
      ['2036-02-01', 1],
      ['2036-03-01', 1],
    ]);
  });
});

describe('invalid queries', () => {
  it.each([
    ['from=yesterday', 'from'],
    ['to=2026-02-30', 'to'],
    ['from=2026-01-05T10:00:00', 'from'],
    ['from=2026-01-05T10:00:00.123456Z', 'from'],
    ['from=2026-01-06&to=2026-01-05', 'from'],
    ['from=2026-01-05T10:00:00Z&to=2026-01-05T09:59:59Z', 'from'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('%s is refused with 400 problem+json naming %s', async (query, path) => {
    for (const route of ['profit', 'product-sales', 'category-product-sales', 'sales-over-time']) {
      const response = await analytics.request('GET', `/statistics/${route}?${query}`, { as: 'admin' });
      expect(response.status).toBe(400);
      expect(response.contentType).toBe('application/problem+json');
      expect(response.body).toMatchObject({ status: 400, title: 'Invalid request' });
      expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    }
  });

  it('profit is no list: limit and cursor are unknown fields there (400)', async () => {
    for (const query of ['limit=5', 'cursor=abc']) {
      const response = await analytics.request('GET', `/statistics/profit?${query}`, { as: 'admin' });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual([
        query.split('=')[0],
      ]);
    }
  });

  it('an unknown interval is refused with 400', async () => {
    const response = await analytics.request('GET', '/statistics/sales-over-time?interval=year', {
      as: 'admin',
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'interval', message: expect.any(String) }]);
  });

  it('from equal to a date to is one whole day, not reversed', async () => {
    const response = await analytics.request(
      'GET',
      '/statistics/profit?from=2026-01-05T12:00:00Z&to=2026-01-05',
      {
        as: 'admin',
      },
    );
    expect(response.status).toBe(200);
  });
});
