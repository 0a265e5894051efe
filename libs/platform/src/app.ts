import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { bodyLimitOf, limitRequestBodies, type RouteBodyLimit } from './body-limits.js';
import { httpMetrics } from './metrics.js';
import { errorHandler, problemOf, problemResponse, rejectInvalid } from './problem.js';
import { traceRequests } from './tracing.js';

/** A named readiness probe: true when the dependency answers. */
export type ReadinessCheck = () => Promise<boolean>;

export interface AppOptions {
  logger: Logger;
  metrics: Registry;
  readiness: Record<string, ReadinessCheck>;
  /** The largest request body, unless `routeBodyLimits` names the route. */
  bodyLimitBytes: number;
  routeBodyLimits?: RouteBodyLimit[];
}

export type ServiceApp = OpenAPIHono<{ Variables: { requestId: string; logger: Logger } }>;

/**
 * The Hono app every service starts from: request id, access log, a trace span, RED metrics, body
 * limits (per route where given), problem+json errors (zod failures as 400 with field errors),
 * /healthz, /readyz and /metrics.
 */
export function createServiceApp({
  logger,
  metrics,
  readiness,
  bodyLimitBytes,
  routeBodyLimits,
}: AppOptions): ServiceApp {
  const app: ServiceApp = new OpenAPIHono({ defaultHook: rejectInvalid });
  app.use(requestId({ limitLength: 200 })); // ids travel on as event correlation ids (max 200)
  app.use(async function accessLog(c, next) {
    const started = performance.now();
    c.set('logger', logger.child({ request_id: c.get('requestId') }));
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    c.get('logger').info({ method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'request');
  });
  app.use(traceRequests(String(logger.bindings().service ?? 'service')));
  app.use(httpMetrics(metrics));
  app.use(limitRequestBodies(bodyLimitOf(bodyLimitBytes, routeBodyLimits)));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const results = await Promise.all(
      Object.entries(readiness).map(
        async ([name, check]) => [name, await check().catch(() => false)] as const,
      ),
    );
    const checks = Object.fromEntries(results);
    const ready = results.every(([, ok]) => ok);
    return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) =>
    c.text(await metrics.metrics(), 200, { 'content-type': metrics.contentType }),
  );
  app.notFound((c) =>
    problemResponse(c, problemOf(404, 'Not found', `No route for ${c.req.method} ${c.req.path}`)),
  );
  app.onError(errorHandler(logger));
  return app;
}
