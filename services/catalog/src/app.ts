import { type AccessTokenVerifier, authenticate } from '@shop/identity';
import type { Broker } from '@shop/messaging';
import { type Sql, serveOpenApiDocument } from '@shop/platform';
import { deadLetterRoutes, type ServiceKit } from '@shop/service';
import type { CatalogConfig } from './config.js';
import { categoryRoutes } from './http/categories.routes.js';
import { importRoutes } from './http/imports.routes.js';
import { productRoutes } from './http/products.routes.js';
import type { ImportJobs } from './imports/import-jobs.js';
import type { ImportLimits } from './imports/import-report.js';

export interface AppDeps {
  sql: Sql;
  /** Replays dead letters to the catalog's queue. */
  broker: Broker;
  verifier: AccessTokenVerifier;
  importLimits: ImportLimits;
  /** Runs and keeps the imports (the service drains them on shutdown). */
  importJobs: ImportJobs;
}

/** The catalog's HTTP app: the kit's app, bearer authentication, the routes and their OpenAPI. */
export function createApp(kit: ServiceKit<CatalogConfig>, deps: AppDeps) {
  const { sql, broker, importLimits } = deps;
  // The bulk import takes files up to IMPORT_MAX_BYTES; every other body stays under BODY_LIMIT_BYTES.
  const app = kit.createApp({
    routeBodyLimits: [
      {
        method: 'POST',
        path: '/products/bulk-import',
        maxBytes: Math.max(kit.config.BODY_LIMIT_BYTES, importLimits.maxBytes),
      },
    ],
  });
  app.use(authenticate(deps.verifier));
  app.route('/', productRoutes(sql));
  app.route(
    '/',
    importRoutes({
      sql,
      logger: kit.logger,
      metrics: kit.metrics,
      limits: importLimits,
      jobs: deps.importJobs,
    }),
  );
  app.route('/', categoryRoutes(sql));
  app.route('/', deadLetterRoutes({ sql, broker, service: kit.name }));
  serveOpenApiDocument(app, {
    title: 'Shop catalog',
    description: 'Products, categories and stock.',
  });
  return app;
}
