import type { AccessTokenVerifier } from '@shop/identity';
import type { ReadinessCheck } from '@shop/platform';
import { bodyLimitOf } from '@shop/platform';
import type { ServiceKit } from '@shop/service';
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
import { routeBodyLimits } from './limits/body-limit.js';
import { rateLimitPerClient } from './limits/rate-limit.js';
import { mountProxyRoutes } from './proxy/proxy-routes.js';
import type { Upstreams } from './proxy/upstreams.js';

export interface GatewayDeps {
  /** The gateway's own checks: broker, auth's keys, revocations and every upstream's /readyz. */
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
export function createApp(
  kit: ServiceKit<GatewayConfig>,
  { readiness, upstreams, verifier, openApi }: GatewayDeps,
) {
  const { config } = kit;
  // Bodies never reach the app (see keepBodiesOnTheSocket): it refuses what a route's limit refuses by
  // Content-Length, and the proxy counts a streamed body against the same limit.
  const limits = routeBodyLimits(config);
  const app = kit.createApp({ readiness, routeBodyLimits: limits });
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
  mountProxyRoutes(app, { upstreams, bodyLimitOf: bodyLimitOf(config.BODY_LIMIT_BYTES, limits), guard });
  mountDeadLetterRoutes(app, { upstreams, guard });
  mountAdminMetricsRoutes(app, { upstreams, verifier });
  return app;
}
