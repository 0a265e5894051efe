import { type AccessTokenVerifier, authenticate } from '@shop/identity';
import type { Broker } from '@shop/messaging';
import { type Sql, serveOpenApiDocument } from '@shop/platform';
import { deadLetterRoutes, type ServiceKit } from '@shop/service';
import type { OrderConfig } from './config.js';
import type { OrderSettlements } from './execution/order-settlements.js';
import { orderRoutes } from './http/orders.routes.js';

export interface AppDeps {
  sql: Sql;
  /** Replays dead letters to the service's queue. */
  broker: Broker;
  verifier: AccessTokenVerifier;
  settlements: OrderSettlements;
}

/** The order service's HTTP app: the kit's app, bearer authentication, the routes and their OpenAPI. */
export function createApp(kit: ServiceKit<OrderConfig>, { sql, broker, verifier, settlements }: AppDeps) {
  const { config, metrics } = kit;
  const app = kit.createApp();
  app.use(authenticate(verifier));
  app.route(
    '/',
    orderRoutes({
      sql,
      metrics,
      settlements,
      executeWaitMs: config.EXECUTE_WAIT_MS,
      shipsTo: config.SHIPPING_COUNTRIES,
    }),
  );
  app.route('/', deadLetterRoutes({ sql, broker, service: kit.name }));
  serveOpenApiDocument(app, {
    title: 'Shop orders',
    description: 'Orders and their execution through the stock-reservation saga.',
  });
  return app;
}
