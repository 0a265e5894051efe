import { createRoute, z } from '@hono/zod-openapi';
import { type AccessTokenVerifier, authenticate, requireUser } from '@shop/identity';
import {
  bearerSecurity,
  jsonResponse,
  problemResponses,
  registerBearerScheme,
  type ServiceApp,
} from '@shop/platform';
import type { GatewayContext } from '../http/gateway-context.js';
import type { Upstreams } from '../proxy/upstreams.js';
import { askServices, type ServiceAnswer } from './ask-services.js';
import { type KeyMetrics, keyMetricsOf } from './key-metrics.js';

const durationSchema = z.object({
  count: z.number(),
  sum: z.number().openapi({ description: 'Seconds, over every observation' }),
  p50: z.number().optional().openapi({ description: 'Seconds, estimated from the buckets; once count > 0' }),
  p95: z.number().optional().openapi({ description: 'Seconds, estimated from the buckets; once count > 0' }),
});

const serviceMetricsSchema = z.object({
  service: z.string(),
  outbox_lag_seconds: z
    .number()
    .nullable()
    .openapi({ description: 'Age of the oldest unpublished event; null for a service without an outbox' }),
  dead_letters: z.number().nullable().openapi({
    description: 'Dead letters kept and not replayed; null for a service that consumes no events',
  }),
  saga_duration_seconds: durationSchema.optional().openapi({
    description: 'The order saga as clients wait for it, every outcome together (order only; one replica’s)',
  }),
});

const adminMetricsSchema = z.object({
  services: z.array(serviceMetricsSchema),
  unavailable: z.array(z.string()).openapi({ description: 'Services whose /metrics could not be read' }),
});

/**
 * GET /admin/metrics: every service's key metrics (outbox lag, dead letters, saga duration), read from
 * their /metrics for the console's health page. The gateway checks the admin role itself, since a
 * service's /metrics asks for none.
 */
export function mountAdminMetricsRoutes(
  app: ServiceApp,
  { upstreams, verifier }: { upstreams: Upstreams; verifier: AccessTokenVerifier },
): void {
  registerBearerScheme(app);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/metrics',
      tags: ['operations'],
      summary: 'Key metrics of every service (admins)',
      description:
        'Reads each service’s Prometheus /metrics (one replica each; outbox lag and dead letters come from ' +
        'the database, so any replica tells the same) and answers the few numbers the console shows. A ' +
        'service that cannot be read is named in `unavailable`. 403 for customers.',
      security: bearerSecurity,
      middleware: [authenticate(verifier), requireUser('admin')],
      responses: {
        200: jsonResponse('The key metrics', adminMetricsSchema),
        ...problemResponses(401, 403),
      },
    }),
    async function readKeyMetrics(c) {
      const answers = await askEveryService(c, upstreams);
      const services: KeyMetrics[] = [];
      const unavailable: string[] = [];
      for (const answer of answers) {
        if ('status' in answer && answer.status === 200 && typeof answer.body === 'string') {
          services.push(keyMetricsOf(answer.service, answer.body));
        } else {
          unavailable.push(answer.service);
          c.get('logger').warn({ upstream: answer.service }, 'metrics request failed');
        }
      }
      return c.json({ services, unavailable }, 200);
    },
  );
}

function askEveryService(c: GatewayContext, upstreams: Upstreams): Promise<ServiceAnswer[]> {
  // A service's /metrics needs no token: the caller's is not passed on.
  const caller = { authorization: undefined, requestId: c.get('requestId'), signal: c.req.raw.signal };
  return askServices([...upstreams.values()], { method: 'GET', path: '/metrics', read: 'text' }, caller);
}
