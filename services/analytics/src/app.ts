import { type AccessTokenVerifier, authenticate } from '@shop/identity';
import type { Broker } from '@shop/messaging';
import { type Sql, serveOpenApiDocument } from '@shop/platform';
import { deadLetterRoutes, type ServiceKit } from '@shop/service';
import type { AnalyticsConfig } from './config.js';
import { statisticsRoutes } from './http/statistics.routes.js';

export interface AppDeps {
  sql: Sql;
  /** Replays dead letters to the service's queue. */
  broker: Broker;
  verifier: AccessTokenVerifier;
}

/** The analytics HTTP app: the kit's app, bearer authentication, the statistics and their OpenAPI. */
export function createApp(kit: ServiceKit<AnalyticsConfig>, { sql, broker, verifier }: AppDeps) {
  const app = kit.createApp();
  app.use(authenticate(verifier));
  app.route('/', statisticsRoutes(sql));
  app.route('/', deadLetterRoutes({ sql, broker, service: kit.name }));
  serveOpenApiDocument(app, {
    title: 'Shop analytics',
    description:
      'Sales statistics for admins, from sales facts and per-day aggregates kept in step with ' +
      'order.executed and order.cancelled. Days, weeks (starting Monday) and months are UTC.',
  });
  return app;
}
