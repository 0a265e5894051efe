import { createRoute, z } from '@hono/zod-openapi';
import {
  BadGatewayError,
  bearerSecurity,
  jsonResponse,
  NotFoundError,
  problemResponses,
  registerBearerScheme,
  type ServiceApp,
  ServiceUnavailableError,
} from '@shop/platform';
import { deadLetterIdParam, deadLetterListQuery, deadLetterPageSchema, replayedSchema } from '@shop/service';
import type { MiddlewareHandler } from 'hono';
import type { GatewayContext } from '../http/gateway-context.js';
import type { Upstreams } from '../proxy/upstreams.js';
import { type AskedFor, askServices, deadLetterKeepers, type ServiceAnswer } from './ask-services.js';
import { type DeadLetterPage, mergeDeadLetterPages } from './merge-dead-letter-pages.js';
import { PassedOnProblem } from './passed-on-problem.js';

const mergedPageSchema = deadLetterPageSchema.extend({
  unavailable: z.array(z.string()).openapi({
    description: 'Services that could not be asked: their dead letters are missing from this page',
  }),
});

// The services' own answers to these are passed on: they decide who is an admin.
const refusals = new Set([400, 401, 403]);

/**
 * GET /admin/dead-letters (every event-consuming service's dead letters, merged newest first) and
 * POST /admin/dead-letters/{id}/replay (asks them all; the one that holds the id replays it).
 * Any other /admin path stays a 404.
 */
export function mountDeadLetterRoutes(
  app: ServiceApp,
  { upstreams, guard }: { upstreams: Upstreams; guard: MiddlewareHandler },
): void {
  const keepers = deadLetterKeepers(upstreams);
  registerBearerScheme(app);
  const common = { tags: ['dead-letters'], security: bearerSecurity, middleware: guard };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/dead-letters',
      ...common,
      summary: 'Dead letters of every service, newest first (admins)',
      description:
        'Asks each service that consumes events for the same page and merges the answers. A service that ' +
        'cannot be asked is named in `unavailable`; `next_cursor` pages on across all of them.',
      request: { query: deadLetterListQuery },
      responses: {
        200: jsonResponse('A merged page', mergedPageSchema),
        ...problemResponses(400, 401, 403, 503),
      },
    }),
    async function listEveryDeadLetter(c) {
      const { limit, cursor } = c.req.valid('query');
      const query = new URLSearchParams({ limit: String(limit), ...(cursor && { cursor }) });
      const answers = await askKeepers(c, 'GET', `/admin/dead-letters?${query}`);
      const pages: DeadLetterPage[] = [];
      const unavailable: string[] = [];
      for (const answer of answers) {
        if ('status' in answer && refusals.has(answer.status)) throw new PassedOnProblem(answer);
        const page =
          'status' in answer && answer.status === 200
            ? deadLetterPageSchema.safeParse(answer.body)
            : undefined;
        if (page?.success) pages.push(page.data);
        else unavailable.push(answer.service);
      }
      if (pages.length === 0) throw unavailableError(unavailable);
      return c.json({ ...mergeDeadLetterPages(pages, limit), unavailable }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/dead-letters/{id}/replay',
      ...common,
      summary: 'Replays a dead letter to the service that holds it (admins)',
      request: { params: deadLetterIdParam },
      responses: {
        200: jsonResponse('Replayed', replayedSchema),
        ...problemResponses(400, 401, 403, 404, 503),
      },
    }),
    async function replayWhereverItIs(c) {
      const { id } = c.req.valid('param');
      const answers = await askKeepers(c, 'POST', `/admin/dead-letters/${id}/replay`);
      const replayed = answers.find((answer) => 'status' in answer && answer.status === 200);
      if (replayed && 'status' in replayed) {
        const body = replayedSchema.safeParse(replayed.body);
        if (!body.success) throw new BadGatewayError(`The ${replayed.service} service failed to answer`);
        return c.json(body.data, 200);
      }
      const refused = answers.find((answer) => 'status' in answer && refusals.has(answer.status));
      if (refused && 'status' in refused) throw new PassedOnProblem(refused);
      const unavailable = answers
        .filter((answer) => !('status' in answer) || answer.status !== 404)
        .map((answer) => answer.service);
      if (unavailable.length > 0) throw unavailableError(unavailable);
      throw new NotFoundError(`No dead letter ${id}`);
    },
  );

  function askKeepers(c: GatewayContext, method: 'GET' | 'POST', path: string): Promise<ServiceAnswer[]> {
    if (keepers.length === 0)
      throw new ServiceUnavailableError('No service that keeps dead letters is deployed');
    const caller: AskedFor = {
      authorization: c.req.header('authorization'),
      requestId: c.get('requestId'),
      signal: c.req.raw.signal,
    };
    return askServices(keepers, { method, path }, caller).then((answers) => {
      for (const answer of answers) logUnexpected(c, answer);
      return answers;
    });
  }
}

function unavailableError(services: string[]): ServiceUnavailableError {
  return new ServiceUnavailableError(`The ${services.join(', ')} service(s) could not be asked`);
}

function logUnexpected(c: GatewayContext, answer: ServiceAnswer): void {
  if ('failure' in answer) {
    c.get('logger').warn(
      { upstream: answer.service, err: answer.failure.detail },
      'dead-letter request failed',
    );
  } else if (answer.status >= 500) {
    c.get('logger').warn({ upstream: answer.service, status: answer.status }, 'dead-letter request failed');
  }
}
