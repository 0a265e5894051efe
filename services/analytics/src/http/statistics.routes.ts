import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { requireUser } from '@shop/identity';
import { bearerSecurity, jsonResponse, problemResponses, type Sql } from '@shop/platform';
import { getProfit } from '../statistics/get-profit.js';
import { listCategoryProductSales } from '../statistics/list-category-product-sales.js';
import { listProductSales } from '../statistics/list-product-sales.js';
import { listSalesOverTime } from '../statistics/list-sales-over-time.js';
import { periodOf } from '../statistics/period.js';
import { rebuildStatistics } from '../statistics/rebuild-aggregates.js';
import {
  categoryProductSalesSchema,
  productSalesListSchema,
  profitSchema,
  rebuildSchema,
  salesOverTimeSchema,
} from './statistics.schemas.js';
import {
  categorySalesCursor,
  periodBinding,
  productSalesCursor,
  salesOverTimeCursor,
} from './statistics-cursors.js';
import {
  categorySalesPageJson,
  productSalesPageJson,
  profitJson,
  salesOverTimePageJson,
} from './statistics-json.js';
import {
  categoryProductSalesQuery,
  periodQuery,
  productSalesQuery,
  salesOverTimeQuery,
} from './statistics-query.schemas.js';

const tags = ['statistics'];
const admin = { security: bearerSecurity, middleware: [requireUser('admin')] };
const refusals = problemResponses(400, 401, 403);
const paging =
  'A page of at most `limit` items (default 50, max 500); `next_cursor` gives the next one, with the same ' +
  'from/to and other filters (a cursor made for others is refused with 400). Pages are computed at each ' +
  'read: sales recorded between two reads can move an item across pages, unless `to` is in the past.';

const profitRoute = createRoute({
  method: 'get',
  path: '/statistics/profit',
  tags,
  ...admin,
  summary: 'Executed orders, revenue, cost and profit',
  request: { query: periodQuery },
  responses: { 200: jsonResponse('Totals of the period', profitSchema), ...refusals },
});

const productSalesRoute = createRoute({
  method: 'get',
  path: '/statistics/product-sales',
  tags,
  ...admin,
  summary: 'Units sold per product and their share of all units',
  description: paging,
  request: { query: productSalesQuery },
  responses: { 200: jsonResponse('Products sold in the period', productSalesListSchema), ...refusals },
});

const categoryProductSalesRoute = createRoute({
  method: 'get',
  path: '/statistics/category-product-sales',
  tags,
  ...admin,
  summary: 'Units sold per category, and per product within it',
  description:
    `${paging} Each category lists its most sold products (a bounded number, so that no answer grows with the ` +
    'catalog) and, when it has more, `products_next_cursor` to page on through the rest with ' +
    '`GET /statistics/product-sales?category_id=…`.',
  request: { query: categoryProductSalesQuery },
  responses: {
    200: jsonResponse('Categories sold in the period', categoryProductSalesSchema),
    ...refusals,
  },
});

const salesOverTimeRoute = createRoute({
  method: 'get',
  path: '/statistics/sales-over-time',
  tags,
  ...admin,
  summary: 'Orders, units, revenue and profit per day, week or month (UTC)',
  description: `${paging} A cursor is also bound to its interval.`,
  request: { query: salesOverTimeQuery },
  responses: { 200: jsonResponse('Buckets of the period', salesOverTimeSchema), ...refusals },
});

const rebuildRoute = createRoute({
  method: 'post',
  path: '/statistics/rebuild',
  tags,
  ...admin,
  summary: 'Recompute the aggregates from the sales facts',
  description:
    'Repair tool: replaces the per-day aggregates with what the sales facts add up to, in one transaction ' +
    'that no event handling interleaves with. Statistics answer from the old aggregates until it commits.',
  responses: { 200: jsonResponse('What was rebuilt', rebuildSchema), ...problemResponses(401, 403) },
});

/** The /statistics routes, for admins. */
export function statisticsRoutes(sql: Sql): OpenAPIHono {
  const routes = new OpenAPIHono();

  routes.openapi(profitRoute, async (c) => {
    const profit = await getProfit(sql, periodOf(c.req.valid('query')));
    return c.json(profitJson(profit), 200);
  });

  routes.openapi(productSalesRoute, async (c) => {
    const { category_id: categoryId, limit, cursor, ...bounds } = c.req.valid('query');
    const period = periodOf(bounds);
    const after = productSalesCursor.decode(cursor, periodBinding(period, { category_id: categoryId }));
    const page = await listProductSales(sql, period, { categoryId, limit, after });
    return c.json(productSalesPageJson(page, period, categoryId), 200);
  });

  routes.openapi(categoryProductSalesRoute, async (c) => {
    const { limit, cursor, ...bounds } = c.req.valid('query');
    const period = periodOf(bounds);
    const after = categorySalesCursor.decode(cursor, periodBinding(period));
    const page = await listCategoryProductSales(sql, period, { limit, after });
    return c.json(categorySalesPageJson(page, period), 200);
  });

  routes.openapi(salesOverTimeRoute, async (c) => {
    const { interval, limit, cursor, ...bounds } = c.req.valid('query');
    const period = periodOf(bounds);
    const after = salesOverTimeCursor.decode(cursor, periodBinding(period, { interval }));
    const page = await listSalesOverTime(sql, period, interval, { limit, after });
    return c.json(salesOverTimePageJson(page, period, interval), 200);
  });

  routes.openapi(rebuildRoute, async (c) => {
    const rebuilt = await rebuildStatistics(sql);
    return c.json({ facts: rebuilt.facts, days: rebuilt.days, product_days: rebuilt.productDays }, 200);
  });

  return routes;
}
