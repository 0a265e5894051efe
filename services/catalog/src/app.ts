import { AccessTokenVerifier, authenticate, type KeyLookup } from '@shop/identity';
import {
  createServiceApp,
  type Logger,
  type ReadinessCheck,
  type Registry,
  type ServiceApp,
  type Sql,
} from '@shop/platform';
import { categoryRoutes } from './http/categories.routes.js';
import { productRoutes } from './http/products.routes.js';

export interface AppDeps {
  sql: Sql;
  logger: Logger;
  metrics: Registry;
  readiness: Record<string, ReadinessCheck>;
  bodyLimitBytes: number;
  /** Public keys of the token issuer, by kid. */
  keys: KeyLookup;
  issuer: string;
}

/** The catalog's HTTP app: the platform's basics, bearer authentication, the routes and their OpenAPI. */
export function createApp(deps: AppDeps): ServiceApp {
  const app = createServiceApp(deps);
  app.use(authenticate(new AccessTokenVerifier(deps.keys, deps.issuer)));
  app.route('/', productRoutes(deps.sql));
  app.route('/', categoryRoutes(deps.sql));
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /users/login',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Shop catalog', version: '1.0.0', description: 'Products, categories and stock.' },
  });
  return app;
}
