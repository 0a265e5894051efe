import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { ServiceName } from '@shop/contracts';
import { requireUser } from '@shop/identity';
import { type Broker, replayDeadLetter } from '@shop/messaging';
import { bearerSecurity, problemResponses, type Sql } from '@shop/platform';
import {
  deadLetterIdParam,
  deadLetterListQuery,
  deadLetterPageSchema,
  replayedSchema,
} from './dead-letter.schemas.js';
import { listDeadLetterPage } from './list-dead-letters.js';

export interface DeadLetterRoutesOptions {
  sql: Sql;
  broker: Broker;
  service: ServiceName;
}

const tags = ['dead-letters'];
const adminOnly = { security: bearerSecurity, middleware: [requireUser('admin')] };

const listRoute = createRoute({
  method: 'get',
  path: '/admin/dead-letters',
  tags,
  ...adminOnly,
  summary: "The service's dead letters, newest first",
  request: { query: deadLetterListQuery },
  responses: {
    200: {
      description: 'A page of dead letters',
      content: { 'application/json': { schema: deadLetterPageSchema } },
    },
    ...problemResponses(400, 401, 403),
  },
});

const replayRoute = createRoute({
  method: 'post',
  path: '/admin/dead-letters/{id}/replay',
  tags,
  ...adminOnly,
  summary: "Sends a dead letter back to the service's queue and forgets it",
  request: { params: deadLetterIdParam },
  responses: {
    200: { description: 'Replayed', content: { 'application/json': { schema: replayedSchema } } },
    ...problemResponses(400, 401, 403, 404, 503),
  },
});

/** GET /admin/dead-letters and POST /admin/dead-letters/{id}/replay, for admins (mount after `authenticate`). */
export function deadLetterRoutes({ sql, broker, service }: DeadLetterRoutesOptions): OpenAPIHono {
  const routes = new OpenAPIHono();

  routes.openapi(listRoute, async (c) => {
    return c.json(await listDeadLetterPage(sql, c.req.valid('query')), 200);
  });

  routes.openapi(replayRoute, async (c) => {
    const letter = await replayDeadLetter(sql, broker, service, c.req.valid('param').id);
    return c.json({ id: letter.id, message_id: letter.message_id, replayed: true as const }, 200);
  });

  return routes;
}
