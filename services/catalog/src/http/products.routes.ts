import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { requireUser } from '@shop/identity';
import type { Sql } from '@shop/platform';
import { idPathParam } from '@shop/platform';
import { addProduct } from '../products/add-product.js';
import { adjustStock } from '../products/adjust-stock.js';
import { getProduct } from '../products/get-product.js';
import { listProducts } from '../products/list-products.js';
import { removeProduct } from '../products/remove-product.js';
import { updateProduct } from '../products/update-product.js';
import { adminOnly, jsonBody, jsonResponse, problems } from './common.schemas.js';
import { productJson, productPageJson, productPageStart } from './product-json.js';
import {
  newProductBody,
  productChangesBody,
  productIdBody,
  productListQuery,
  productListSchema,
  productSchema,
  stockChangeBody,
} from './products.schemas.js';
import { callerIsAdmin, requestCausation } from './request-context.js';

const tags = ['products'];
const admin = { security: adminOnly, middleware: [requireUser('admin')] };

const listRoute = createRoute({
  method: 'get',
  path: '/products',
  tags,
  request: { query: productListQuery },
  responses: { 200: jsonResponse('Active products', productListSchema), ...problems(400) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/products/{id}',
  tags,
  request: { params: idPathParam },
  responses: { 200: jsonResponse('The product', productSchema), ...problems(400, 404) },
});

const addRoute = createRoute({
  method: 'post',
  path: '/products/add',
  tags,
  ...admin,
  request: { body: jsonBody(newProductBody) },
  responses: { 201: jsonResponse('The new product', productSchema), ...problems(400, 401, 403, 409) },
});

const updateRoute = createRoute({
  method: 'put',
  path: '/products/update',
  tags,
  ...admin,
  request: { body: jsonBody(productChangesBody) },
  responses: {
    200: jsonResponse('The changed product', productSchema),
    ...problems(400, 401, 403, 404, 409),
  },
});

const stockRoute = createRoute({
  method: 'post',
  path: '/products/stock',
  tags,
  ...admin,
  request: { body: jsonBody(stockChangeBody) },
  responses: { 200: jsonResponse('The product', productSchema), ...problems(400, 401, 403, 404, 409) },
});

const removeRoute = createRoute({
  method: 'delete',
  path: '/products/remove',
  tags,
  ...admin,
  request: { body: jsonBody(productIdBody) },
  responses: { 200: jsonResponse('The removed product', productSchema), ...problems(400, 401, 403, 404) },
});

/** The /products routes: reads for anyone (costs for admins), changes for admins. */
export function productRoutes(sql: Sql): OpenAPIHono {
  const routes = new OpenAPIHono();

  routes.openapi(listRoute, async (c) => {
    const { sort, limit, cursor, q, min_price, max_price, in_stock, max_quantity, ...exact } =
      c.req.valid('query');
    const page = await listProducts(sql, {
      filter: {
        ...exact,
        text: q,
        minPrice: min_price,
        maxPrice: max_price,
        inStock: in_stock,
        maxQuantity: max_quantity,
      },
      sort,
      limit,
      after: productPageStart(cursor, sort),
    });
    return c.json(productPageJson(page, sort, callerIsAdmin(c)), 200);
  });

  routes.openapi(getRoute, async (c) => {
    const product = await getProduct(sql, c.req.valid('param').id);
    return c.json(productJson(product, callerIsAdmin(c)), 200);
  });

  routes.openapi(addRoute, async (c) => {
    const { cost = 0, ...fields } = c.req.valid('json');
    const product = await addProduct(sql, { ...fields, cost }, requestCausation(c));
    return c.json(productJson(product, true), 201);
  });

  routes.openapi(updateRoute, async (c) => {
    const product = await updateProduct(sql, c.req.valid('json'), requestCausation(c));
    return c.json(productJson(product, true), 200);
  });

  routes.openapi(stockRoute, async (c) => {
    const product = await adjustStock(sql, c.req.valid('json'), requestCausation(c));
    return c.json(productJson(product, true), 200);
  });

  routes.openapi(removeRoute, async (c) => {
    const product = await removeProduct(sql, c.req.valid('json').id, requestCausation(c));
    return c.json(productJson(product, true), 200);
  });

  return routes;
}
