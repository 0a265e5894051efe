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
import { statisticsRoutes } from './http/statistics.routes.js';

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
}

/** The analytics HTTP app: the platform's basics, bearer authentication, the statistics and their OpenAPI. */
export function createApp(deps: AppDeps): ServiceApp {
  const app = createServiceApp(deps);
  app.use(authenticate(new AccessTokenVerifier(deps.keys, deps.issuer, deps.revocations)));
  app.route('/', statisticsRoutes(deps.sql));
  app.route('/', deadLetterRoutes({ sql: deps.sql, broker: deps.broker, service: 'analytics' }));
  serveOpenApiDocument(app, {
    title: 'Shop analytics',
    description:
      'Sales statistics for admins, from sales facts and per-day aggregates kept in step with ' +
      'order.executed and order.cancelled. Days, weeks (starting Monday) and months are UTC.',
  });
  return app;
}
