import type { AccessTokenVerifier } from '@shop/identity';
import {
  createServiceApp,
  type Logger,
  type ReadinessCheck,
  type Registry,
  type ServiceApp,
} from '@shop/platform';
import { secureHeaders } from 'hono/secure-headers';
import { mountAdminMetricsRoutes } from './admin/admin-metrics.routes.js';
import { mountDeadLetterRoutes } from './admin/dead-letter.routes.js';
import { checkAccessToken } from './auth/token-check.js';
import type { GatewayConfig } from './config.js';
import { mountAdminConsole } from './http/admin-console.routes.js';
import { browserCors } from './http/browser-cors.js';
import { mountDocs } from './http/docs.routes.js';
import { mountIntegrationDocs } from './http/integration-docs.routes.js';
import { refuseWritesToOwnEndpoints } from './http/method-not-allowed.js';
import type { PublicOpenApi } from './http/public-openapi.js';
import { bodyLimits } from './limits/body-limit.js';
import { rateLimitPerClient } from './limits/rate-limit.js';
import { mountProxyRoutes } from './proxy/proxy-routes.js';
import type { Upstreams } from './proxy/upstreams.js';

export interface GatewayDeps {
  config: GatewayConfig;
  logger: Logger;
  metrics: Registry;
  readiness: Record<string, ReadinessCheck>;
  upstreams: Upstreams;
  verifier: AccessTokenVerifier;
  openApi: PublicOpenApi;
}

/**
 * The gateway's HTTP app: the platform's own routes (/healthz, /readyz, /metrics, registered first,
 * so the middleware below leaves them alone), then CORS, security headers and the per-client rate
 * limit, /openapi.json and /docs, the public prefixes proxied to their services, and the admins'
 * dead-letter list and replay across the services.
 */
export function createApp({
  config,
  logger,
  metrics,
  readiness,
  upstreams,
  verifier,
  openApi,
}: GatewayDeps): ServiceApp {
  const app = createServiceApp({
    logger,
    metrics,
    readiness,
    // Bodies never reach the app (see keepBodiesOnTheSocket): the proxy applies each route's own limit.
    bodyLimitBytes: Math.max(config.BODY_LIMIT_BYTES, config.IMPORT_BODY_LIMIT_BYTES),
  });
  app.use(browserCors(config.CORS_ORIGINS));
  app.use(
    secureHeaders({
      // Headers for old browsers or HTML pages only: each costs a header write on every API response.
      xXssProtection: false,
      xDownloadOptions: false,
      xDnsPrefetchControl: false,
      xPermittedCrossDomainPolicies: false,
      originAgentCluster: false,
      crossOriginOpenerPolicy: false,
    }),
  );
  app.use(rateLimitPerClient(config.RATE_LIMIT_PER_MINUTE));
  mountDocs(app, openApi);
  mountAdminConsole(app);
  mountIntegrationDocs(app);
  refuseWritesToOwnEndpoints(app);
  const guard = checkAccessToken(verifier);
  mountProxyRoutes(app, { upstreams, bodyLimitOf: bodyLimits(config), guard });
  mountDeadLetterRoutes(app, { upstreams, guard });
  mountAdminMetricsRoutes(app, { upstreams, verifier });
  return app;
}
