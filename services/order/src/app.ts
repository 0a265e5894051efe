import { AccessTokenVerifier, authenticate, type KeyLookup, type RevocationCheck } from '@shop/identity';
import type { Broker } from '@shop/messaging';
import {
  createServiceApp,
  type Logger,
  type ReadinessCheck,
  type Registry,
  type ServiceApp,
  type Sql,
  serveOpenApiDocument,
} from '@shop/platform';
import { deadLetterRoutes } from '@shop/service';
import { orderRoutes } from './http/orders.routes.js';
import type { OrderSettlements } from './orders/order-settlements.js';
import type { ShippingCountries } from './orders/shipping-country.js';

export interface AppDeps {
  sql: Sql;
  /** Replays dead letters to the service's queue. */
  broker: Broker;
  logger: Logger;
  metrics: Registry;
  readiness: Record<string, ReadinessCheck>;
  bodyLimitBytes: number;
  /** Public keys of the token issuer, by kid. */
  keys: KeyLookup;
  issuer: string;
  /** Refuses revoked tokens (the service's revocation watch); 503 while it is not current. */
  revocations: RevocationCheck;
  settlements: OrderSettlements;
  executeWaitMs: number;
  shipsTo: ShippingCountries;
}

/** The order service's HTTP app: the platform's basics, bearer authentication, the routes and their OpenAPI. */
export function createApp(deps: AppDeps): ServiceApp {
  const app = createServiceApp(deps);
  app.use(authenticate(new AccessTokenVerifier(deps.keys, deps.issuer, deps.revocations)));
  app.route('/', orderRoutes(deps));
  app.route('/', deadLetterRoutes({ sql: deps.sql, broker: deps.broker, service: 'order' }));
  serveOpenApiDocument(app, {
    title: 'Shop orders',
    description: 'Orders and their execution through the stock-reservation saga.',
  });
  return app;
}
