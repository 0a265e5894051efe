import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { requireUser } from '@shop/identity';
import { bearerSecurity, problemResponses, type Sql } from '@shop/platform';
import { getProfit } from '../statistics/get-profit.js';
import { listCategoryProductSales } from '../statistics/list-category-product-sales.js';
import { listProductSales } from '../statistics/list-product-sales.js';
import { listSalesOverTime } from '../statistics/list-sales-over-time.js';
import { periodOf } from '../statistics/period.js';
import { rebuildStatistics } from '../statistics/rebuild-aggregates.js';
import {
  categoryProductSalesSchema,
  periodQuery,
  productSalesListSchema,
  profitSchema,
  rebuildSchema,
  salesOverTimeQuery,
  salesOverTimeSchema,
} from './statistics.schemas.js';
import { categorySalesJson, productSalesJson, profitJson } from './statistics-json.js';

const tags = ['statistics'];
const admin = { security: bearerSecurity, middleware: [requireUser('admin')] };
const refusals = problemResponses(400, 401, 403);

function jsonResponse<T>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } };
}

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
  request: { query: periodQuery },
  responses: { 200: jsonResponse('Products sold in the period', productSalesListSchema), ...refusals },
});

const categoryProductSalesRoute = createRoute({
  method: 'get',
  path: '/statistics/category-product-sales',
  tags,
  ...admin,
  summary: 'Units sold per category, and per product within it',
  request: { query: periodQuery },
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
    const products = await listProductSales(sql, periodOf(c.req.valid('query')));
    return c.json({ items: products.map(productSalesJson) }, 200);
  });

  routes.openapi(categoryProductSalesRoute, async (c) => {
    const categories = await listCategoryProductSales(sql, periodOf(c.req.valid('query')));
    return c.json({ items: categories.map(categorySalesJson) }, 200);
  });

  routes.openapi(salesOverTimeRoute, async (c) => {
    const { interval, ...bounds } = c.req.valid('query');
    const buckets = await listSalesOverTime(sql, periodOf(bounds), interval);
    return c.json({ interval, items: buckets }, 200);
  });

  routes.openapi(rebuildRoute, async (c) => {
    const rebuilt = await rebuildStatistics(sql);
    return c.json({ facts: rebuilt.facts, days: rebuilt.days, product_days: rebuilt.productDays }, 200);
  });

  return routes;
}
