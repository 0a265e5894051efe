import { AccessTokenVerifier, authenticate, type KeyLookup, type RevocationCheck } from '@shop/identity';
import type { Broker } from '@shop/messaging';
import {
  createServiceApp,
  type Logger,
  PayloadTooLargeError,
  type ReadinessCheck,
  type Registry,
  type ServiceApp,
  type Sql,
  serveOpenApiDocument,
} from '@shop/platform';
import { deadLetterRoutes } from '@shop/service';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { categoryRoutes } from './http/categories.routes.js';
import { importRoutes } from './http/imports.routes.js';
import { productRoutes } from './http/products.routes.js';
import type { ImportJobs } from './imports/import-jobs.js';
import type { ImportLimits } from './imports/import-report.js';

export interface AppDeps {
  sql: Sql;
  /** Replays dead letters to the catalog's queue. */
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
  importLimits: ImportLimits;
  /** Runs and keeps the imports (the service drains it on shutdown). */
  importJobs: ImportJobs;
}

const IMPORT_PATH = '/products/bulk-import';

/** The catalog's HTTP app: the platform's basics, bearer authentication, the routes and their OpenAPI. */
export function createApp(deps: AppDeps): ServiceApp {
  // The platform's limit applies to every route: raised to the import's, then re-applied to the others.
  const app = createServiceApp({
    ...deps,
    bodyLimitBytes: Math.max(deps.bodyLimitBytes, deps.importLimits.maxBytes),
  });
  app.use(limitNonImportBodies(deps.bodyLimitBytes));
  app.use(authenticate(new AccessTokenVerifier(deps.keys, deps.issuer, deps.revocations)));
  app.route('/', productRoutes(deps.sql));
  app.route(
    '/',
    importRoutes({
      sql: deps.sql,
      logger: deps.logger,
      metrics: deps.metrics,
      limits: deps.importLimits,
      jobs: deps.importJobs,
    }),
  );
  app.route('/', categoryRoutes(deps.sql));
  app.route('/', deadLetterRoutes({ sql: deps.sql, broker: deps.broker, service: 'catalog' }));
  serveOpenApiDocument(app, {
    title: 'Shop catalog',
    description: 'Products, categories and stock.',
  });
  return app;
}

function limitNonImportBodies(maxSize: number): MiddlewareHandler {
  const limitBody = bodyLimit({
    maxSize,
    onError: () => {
      throw new PayloadTooLargeError(`The request body exceeds ${maxSize} bytes`);
    },
  });
  return function limitRequestBody(c, next) {
    if (c.req.path === IMPORT_PATH) return next();
    if (!c.req.header('content-length') && !c.req.header('transfer-encoding')) return next();
    return limitBody(c, next);
  };
}
