import { useEventTap, useTestEnvironment } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { executedOrder, newCategory, period, product, type SoldLine, sell } from './fixtures/sales.js';
import { useTestAnalytics } from './fixtures/test-analytics.js';

const env = useTestEnvironment();

// Every list item has an id of its own: a product's, a category's, or a bucket's start.
type Item = Record<string, unknown>;
const idOf = (item: Item) => String(item.product_id ?? item.category_id ?? item.start);

/** Follows next_cursor from the first page to the last, answering every item and the pages read. */
async function walk(path: string, limit: number): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await analytics.get(
      `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.next_cursor;
    pages += 1;
  } while (cursor);
  return { items, pages };
}

const analytics = useTestAnalytics(env);
const bus = useEventTap(env);

describe('statistics lists page with limit and next_cursor', () => {
  // March 2040: Tools has 12 products (more than a category lists), Garden 3, Kitchen 1; units tie
  // across products and categories, so ties by id decide; sales on the 1st, 2nd and 9th leave empty days.
  const tools = newCategory('Tools');
  const garden = newCategory('Garden');
  const kitchen = newCategory('Kitchen');
  const toolProducts = Array.from({ length: 12 }, (_, i) => product(`Tool ${i}`, 10, 4, tools));
  const [fern, moss, ivy] = ['Fern', 'Moss', 'Ivy'].map((name) => product(name, 5, 2, garden)) as [
    ReturnType<typeof product>,
    ReturnType<typeof product>,
    ReturnType<typeof product>,
  ];
  const pan = product('Pan', 20, 8, kitchen);
  const line = (sold: ReturnType<typeof product>, quantity: number): SoldLine => ({ ...sold, quantity });
  const march = period('2040-03-01', '2040-03-31');

  beforeAll(async () => {
    await sell(
      bus,
      analytics,
      executedOrder('2040-03-01T10:00:00Z', [
        ...toolProducts.map((tool, i) => line(tool, 1 + (i % 4))),
        line(fern, 6),
      ]),
      executedOrder('2040-03-02T10:00:00Z', [line(moss, 4), line(ivy, 4), line(pan, 3)]),
      executedOrder('2040-03-09T10:00:00Z', [line(pan, 11)]),
    );
  });

  it.each([
    ['/statistics/product-sales', march],
    ['/statistics/product-sales', ''],
    ['/statistics/category-product-sales', march],
    ['/statistics/category-product-sales', ''],
    ['/statistics/sales-over-time', march],
    ['/statistics/sales-over-time', '?interval=week'],
    ['/statistics/sales-over-time', `${march}&interval=month`],
  ])(
    'walking %s%s with limit 1 and 2 sees every item once, as one read at limit 500 does',
    async (route, query) => {
      const whole = await analytics.get(`${route}${query}${query ? '&' : '?'}limit=500`);

      for (const limit of [1, 2]) {
        const { items, pages } = await walk(`${route}${query}`, limit);

        expect(items).toEqual(whole.items);
        expect(new Set(items.map(idOf)).size).toBe(items.length);
        expect(pages).toBe(Math.max(1, Math.ceil(whole.items.length / limit)));
      }
      expect(whole.next_cursor).toBeNull();
      expect(whole.items.length).toBeGreaterThan(0);
    },
  );

  it('product shares stay those of all units of the period, on every page', async () => {
    const [first] = (await analytics.get(`/statistics/product-sales${march}&limit=1`)).items;

    // Pan: 14 of the 14 + 14 Garden + 30 Tools units = 58.
    expect(first).toEqual({
      product_id: pan.product_id,
      product_name: 'Pan',
      total_quantity_sold: 14,
      sales_percentage: 24.14,
    });
  });

  it('the default limit is 50', async () => {
    const nail = product('Nail', 0.1, 0.05);
    const sixtyDays = Array.from({ length: 60 }, (_, i) =>
      executedOrder(new Date(Date.UTC(2041, 0, 1 + i, 12)).toISOString(), [line(nail, 1)]),
    );
    await sell(bus, analytics, ...sixtyDays);

    const page = await analytics.get('/statistics/sales-over-time?from=2041-01-01&to=2041-12-31');

    expect(page.items).toHaveLength(50);
    expect(page.next_cursor).toEqual(expect.any(String));
  });

  it('a category lists its 10 most sold products; products_next_cursor pages on through the rest with product-sales', async () => {
    const categories = await analytics.get(`/statistics/category-product-sales${march}`);
    const toolsSales = categories.items.find((item: Item) => item.category_id === tools.category_id);

    expect(toolsSales.total_category_quantity).toBe(30);
    expect(toolsSales.products).toHaveLength(10);
    expect(toolsSales.products_next_cursor).toEqual(expect.any(String));
    expect(
      categories.items
        .filter((item: Item) => item.category_id !== tools.category_id)
        .map((item: Item) => item.products_next_cursor),
    ).toEqual([null, null]);

    const rest = await walk(
      `/statistics/product-sales${march}&category_id=${tools.category_id}&cursor=${encodeURIComponent(toolsSales.products_next_cursor)}`,
      500,
    );
    const allTools = await analytics.get(
      `/statistics/product-sales${march}&category_id=${tools.category_id}`,
    );

    expect(allTools.items.map(idOf)).toEqual([...toolsSales.products, ...rest.items].map(idOf));
    expect(rest.items).toHaveLength(2);
    // Quantities within the category; shares of all 58 units of the period.
    expect(rest.items.at(-1)).toMatchObject({ total_quantity_sold: 1, sales_percentage: 1.72 });
  });

  it.each([
    ['/statistics/product-sales', march, `${period('2040-03-01', '2040-03-30')}`],
    ['/statistics/product-sales', march, `${march}&category_id=${garden.category_id}`],
    ['/statistics/category-product-sales', march, ''],
    ['/statistics/category-product-sales', march, period('2040-03-02')],
    ['/statistics/sales-over-time', march, `${march}&interval=week`],
    ['/statistics/sales-over-time', march, period(undefined, '2040-03-31')],
  ])(
    'a cursor of %s%s replayed with %s is refused with 400 at path cursor',
    async (route, made, replayed) => {
      const { next_cursor } = await analytics.get(`${route}${made}&limit=1`);
      const separator = replayed ? '&' : '?';

      const response = await analytics.request(
        'GET',
        `${route}${replayed}${separator}limit=1&cursor=${encodeURIComponent(next_cursor)}`,
        { as: 'admin' },
      );

      expect(response.status).toBe(400);
      expect(response.contentType).toBe('application/problem+json');
      expect(response.body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    },
  );

  it('a cursor of one statistics list is refused by another', async () => {
    const { next_cursor } = await analytics.get(`/statistics/product-sales${march}&limit=1`);

    const response = await analytics.request(
      'GET',
      `/statistics/category-product-sales${march}&cursor=${encodeURIComponent(next_cursor)}`,
      { as: 'admin' },
    );

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
  });

  it('the same period written as a date or as the date-times it stands for takes the same cursor', async () => {
    const { next_cursor, items } = await analytics.get(`/statistics/sales-over-time${march}&limit=1`);
    const sameInstants = period('2040-03-01T00:00:00Z', '2040-04-01T02:00:00+02:00');

    const next = await analytics.get(
      `/statistics/sales-over-time${sameInstants}&limit=1&cursor=${encodeURIComponent(next_cursor)}`,
    );

    expect(items[0].start).toBe('2040-03-01');
    expect(next.items[0].start).toBe('2040-03-02');
  });

  it('a cursor whose bucket start is no date PostgreSQL holds is refused with 400, not 500', async () => {
    const { next_cursor } = await analytics.get(`/statistics/sales-over-time${march}&limit=1`);
    const content = JSON.parse(Buffer.from(next_cursor, 'base64url').toString('utf8'));
    for (const start of ['0000-01-01', '2040-02-30']) {
      const tampered = Buffer.from(JSON.stringify({ ...content, p: { start } })).toString('base64url');

      const response = await analytics.request(
        'GET',
        `/statistics/sales-over-time${march}&cursor=${tampered}`,
        { as: 'admin' },
      );

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ path: 'cursor', message: 'Invalid cursor' }]);
    }
  });
});

describe('the OpenAPI document of the statistics lists', () => {
  it.each(['product-sales', 'category-product-sales', 'sales-over-time'])(
    '/statistics/%s takes limit and cursor and answers next_cursor',
    async (route) => {
      const document = (await analytics.request('GET', '/openapi.json')).body;
      const operation = document.paths[`/statistics/${route}`].get;
      const ref: string = operation.responses['200'].content['application/json'].schema.$ref;
      const schema = document.components.schemas[ref.split('/').at(-1) as string];

      expect(operation.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
        expect.arrayContaining(['from', 'to', 'limit', 'cursor']),
      );
      expect(operation.description).toContain('next_cursor');
      expect(schema.required).toEqual(expect.arrayContaining(['items', 'next_cursor']));
    },
  );
});
