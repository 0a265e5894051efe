import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import { requireUser } from '@shop/identity';
import type { Sql } from '@shop/platform';
import { addCategory } from '../categories/add-category.js';
import { deleteCategory } from '../categories/delete-category.js';
import { listCategories } from '../categories/list-categories.js';
import { listCategoryProducts } from '../categories/list-category-products.js';
import { renameCategory } from '../categories/rename-category.js';
import {
  categoryDeleteBody,
  categoryListQuery,
  categoryListSchema,
  categoryNameParam,
  categoryPathProductsQuery,
  categoryProductsQuery,
  categoryProductsSchema,
  categoryRenameBody,
  categorySchema,
  deletedCategorySchema,
  newCategoryBody,
} from './categories.schemas.js';
import {
  categoryJson,
  categoryPageJson,
  categoryPageStart,
  categoryProductsJson,
  deletedCategoryJson,
} from './category-json.js';
import { adminOnly, jsonBody, jsonResponse, problems } from './common.schemas.js';
import { productPageStart } from './product-json.js';
import { callerIsAdmin, requestCausation } from './request-context.js';

const tags = ['categories'];
const admin = { security: adminOnly, middleware: [requireUser('admin')] };
const productsOfCategory = jsonResponse('The category and a page of its products', categoryProductsSchema);

const listRoute = createRoute({
  method: 'get',
  path: '/categories',
  tags,
  request: { query: categoryListQuery },
  responses: { 200: jsonResponse('Categories by name', categoryListSchema), ...problems(400) },
});

const productsRoute = createRoute({
  method: 'get',
  path: '/categories/products',
  tags,
  request: { query: categoryProductsQuery },
  responses: { 200: productsOfCategory, ...problems(400, 404) },
});

const productsByPathRoute = createRoute({
  method: 'get',
  path: '/categories/{name}/products',
  tags,
  request: { params: categoryNameParam, query: categoryPathProductsQuery },
  responses: { 200: productsOfCategory, ...problems(400, 404) },
});

const addRoute = createRoute({
  method: 'post',
  path: '/categories/add',
  tags,
  ...admin,
  request: { body: jsonBody(newCategoryBody) },
  responses: { 201: jsonResponse('The new category', categorySchema), ...problems(400, 401, 403, 409) },
});

const renameRoute = createRoute({
  method: 'put',
  path: '/categories/update',
  tags,
  ...admin,
  request: { body: jsonBody(categoryRenameBody) },
  responses: {
    200: jsonResponse('The renamed category', categorySchema),
    ...problems(400, 401, 403, 404, 409),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/categories/delete',
  tags,
  ...admin,
  request: { body: jsonBody(categoryDeleteBody) },
  responses: {
    200: jsonResponse('The deleted category', deletedCategorySchema),
    ...problems(400, 401, 403, 404),
  },
});

/** The /categories routes: reads for anyone, changes for admins. */
export function categoryRoutes(sql: Sql): OpenAPIHono {
  const routes = new OpenAPIHono();

  routes.openapi(listRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await listCategories(sql, { limit, after: categoryPageStart(cursor) });
    return c.json(categoryPageJson(page), 200);
  });

  // Both forms (?category= and /:name/) answer the same page of the category's products.
  async function categoryProductsPage(
    category: string,
    query: z.infer<typeof categoryPathProductsQuery>,
    isAdmin: boolean,
  ) {
    const { sort, limit, cursor } = query;
    const found = await listCategoryProducts(sql, {
      category,
      sort,
      limit,
      after: productPageStart(cursor, sort),
    });
    return categoryProductsJson(found.category, found.products, sort, isAdmin);
  }

  routes.openapi(productsRoute, async (c) => {
    const query = c.req.valid('query');
    return c.json(await categoryProductsPage(query.category, query, callerIsAdmin(c)), 200);
  });

  routes.openapi(productsByPathRoute, async (c) => {
    const page = await categoryProductsPage(
      c.req.valid('param').name,
      c.req.valid('query'),
      callerIsAdmin(c),
    );
    return c.json(page, 200);
  });

  routes.openapi(addRoute, async (c) => {
    const category = await addCategory(sql, c.req.valid('json').name);
    return c.json(categoryJson(category), 201);
  });

  routes.openapi(renameRoute, async (c) => {
    const { old_category_name: from, new_category_name: to } = c.req.valid('json');
    const category = await renameCategory(sql, { from, to }, requestCausation(c));
    return c.json(categoryJson(category), 200);
  });

  routes.openapi(deleteRoute, async (c) => {
    const name = c.req.valid('json').category_to_delete;
    const { category, removedProductIds } = await deleteCategory(sql, name, requestCausation(c));
    return c.json(deletedCategoryJson(category, removedProductIds), 200);
  });

  return routes;
}
