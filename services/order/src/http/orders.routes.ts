import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { requireUser } from '@shop/identity';
import {
  bearerSecurity,
  idPathParam,
  jsonBody,
  jsonResponse,
  problemResponses,
  type Registry,
  type Sql,
} from '@shop/platform';
import { OrderExecution } from '../execution/execute-order.js';
import type { OrderSettlements } from '../execution/order-settlements.js';
import { sagaDurationHistogram } from '../execution/saga-metrics.js';
import { cancelOrder } from '../orders/cancel-order.js';
import { createOrder } from '../orders/create-order.js';
import { getOrder } from '../orders/get-order.js';
import { runIdempotently } from '../orders/idempotent-request.js';
import { listOrders } from '../orders/list-orders.js';
import type { ShippingCountries } from '../orders/shipping-country.js';
import { updateOrder } from '../orders/update-order.js';
import { decodeCursor, orderJson, orderPageJson } from './order-json.js';
import {
  idempotencyHeaders,
  insufficientStockSchema,
  newOrderBody,
  orderChangesBody,
  orderIdBody,
  orderListQuery,
  orderListSchema,
  orderSchema,
} from './orders.schemas.js';
import { createdReply, executionReply, successOf } from './replies.js';
import { caller, idempotencyClaim, requestCausation } from './request-context.js';

const signedIn = { tags: ['orders'], security: bearerSecurity, middleware: [requireUser()] };

const createOrderRoute = createRoute({
  method: 'post',
  path: '/orders/create',
  ...signedIn,
  description: 'Prices the lines from the catalog as it is now. Honours Idempotency-Key.',
  request: { headers: idempotencyHeaders, body: jsonBody(newOrderBody) },
  responses: {
    201: jsonResponse('The new pending order', orderSchema),
    ...problemResponses(400, 401, 409, 422),
  },
});

const listOrdersRoute = createRoute({
  method: 'get',
  path: '/orders/user',
  ...signedIn,
  description:
    'Your own orders, newest first. An admin may name any user with `user_id`; a customer may name only ' +
    'themself (another user_id is 403).',
  request: { query: orderListQuery },
  responses: {
    200: jsonResponse('The user’s orders, newest first', orderListSchema),
    ...problemResponses(400, 401, 403),
  },
});

const getOrderRoute = createRoute({
  method: 'get',
  path: '/orders/{id}',
  ...signedIn,
  description: 'For its owner or an admin; anyone else gets 404.',
  request: { params: idPathParam },
  responses: { 200: jsonResponse('The order', orderSchema), ...problemResponses(400, 401, 404) },
});

const executeOrderRoute = createRoute({
  method: 'post',
  path: '/orders/execute',
  ...signedIn,
  description:
    'Reserves the stock of a pending order and waits for the outcome (EXECUTE_WAIT_MS). Honours ' +
    'Idempotency-Key: a retry while the first request still waits waits for the same outcome.',
  request: { headers: idempotencyHeaders, body: jsonBody(orderIdBody) },
  responses: {
    200: jsonResponse('Executed', orderSchema),
    202: jsonResponse('Still executing when the wait ended; poll GET /orders/{id}', orderSchema),
    409: {
      description:
        'Not enough stock (type …/insufficient-stock, with shortages; the order is pending again) or not pending',
      content: { 'application/problem+json': { schema: insufficientStockSchema } },
    },
    ...problemResponses(400, 401, 404, 422),
  },
});

const updateOrderRoute = createRoute({
  method: 'put',
  path: '/orders/update',
  ...signedIn,
  description: 'Replaces the lines of a pending order (prices taken again) and maybe its location.',
  request: { body: jsonBody(orderChangesBody) },
  responses: {
    200: jsonResponse('The changed order', orderSchema),
    ...problemResponses(400, 401, 404, 409, 422),
  },
});

const cancelOrderRoute = createRoute({
  method: 'delete',
  path: '/orders/delete',
  ...signedIn,
  description:
    'Cancels a pending or executed order, for its owner or an admin (anyone else gets 404); an executed one ' +
    'gets its stock back (restocked_at once done). 409 while executing or once cancelled.',
  request: { body: jsonBody(orderIdBody) },
  responses: {
    200: jsonResponse('The cancelled order', orderSchema),
    ...problemResponses(400, 401, 404, 409),
  },
});

export interface OrderRoutesDeps {
  sql: Sql;
  metrics: Registry;
  settlements: OrderSettlements;
  executeWaitMs: number;
  shipsTo: ShippingCountries;
}

/** The /orders routes: every one needs a signed-in user; only an admin reaches other users' orders (list, read, cancel). */
export function orderRoutes({
  sql,
  metrics,
  settlements,
  executeWaitMs,
  shipsTo,
}: OrderRoutesDeps): OpenAPIHono {
  const routes = new OpenAPIHono();
  const sagaDuration = sagaDurationHistogram(metrics);

  routes.openapi(createOrderRoute, async (c) => {
    const order = c.req.valid('json');
    const claim = idempotencyClaim(c, 'create', c.req.valid('header')['idempotency-key'], order);
    const reply = await runIdempotently(sql, claim, {
      start: (db) => createOrder(db, caller(c).userId, order, shipsTo),
      present: createdReply,
    });
    const { body, status } = successOf<201>(reply);
    return c.json(body, status);
  });

  routes.openapi(listOrdersRoute, async (c) => {
    const { user_id, status, limit, cursor } = c.req.valid('query');
    const page = await listOrders(sql, caller(c), {
      userId: user_id,
      status,
      limit,
      beforeId: decodeCursor(cursor),
    });
    return c.json(orderPageJson(page), 200);
  });

  routes.openapi(getOrderRoute, async (c) => {
    const order = await getOrder(sql, c.req.valid('param').id, caller(c));
    return c.json(orderJson(order), 200);
  });

  routes.openapi(executeOrderRoute, async (c) => {
    const { id } = c.req.valid('json');
    const claim = idempotencyClaim(c, 'execute', c.req.valid('header')['idempotency-key'], { id });
    const request = { userId: caller(c).userId, orderId: id, causation: requestCausation(c) };
    const execution = new OrderExecution({ sql, settlements, waitMs: executeWaitMs, sagaDuration }, request);
    try {
      const reply = await runIdempotently(sql, claim, {
        start: (tx) => execution.start(tx),
        finish: () => execution.outcome(),
        present: executionReply,
      });
      const { body, status } = successOf<200 | 202>(reply);
      return c.json(body, status);
    } finally {
      execution.close();
    }
  });

  routes.openapi(updateOrderRoute, async (c) => {
    const order = await updateOrder(sql, caller(c).userId, c.req.valid('json'), shipsTo);
    return c.json(orderJson(order), 200);
  });

  routes.openapi(cancelOrderRoute, async (c) => {
    const { id } = c.req.valid('json');
    const order = await cancelOrder(sql, caller(c), id, requestCausation(c));
    return c.json(orderJson(order), 200);
  });

  return routes;
}
