import { NotFoundError, type ServiceApp, ServiceUnavailableError } from '@shop/platform';
import type { MiddlewareHandler } from 'hono';
import type { BodyLimitOf } from '../limits/body-limit.js';
import { proxyTo } from './proxy-to.js';
import { internalPaths, publicRoutes } from './public-routes.js';
import type { Upstreams } from './upstreams.js';

// HEAD is routed as GET by Hono; OPTIONS never gets here (CORS answers preflights).
const proxiedMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface ProxyRoutesOptions {
  upstreams: Upstreams;
  bodyLimitOf: BodyLimitOf;
  /** Runs before the proxy on every public route (the access-token check). */
  guard: MiddlewareHandler;
}

/**
 * Mounts each public prefix on its upstream; a prefix whose service is not deployed answers 503, and
 * the internal paths under a public prefix 404 (mounted first, so they never reach the proxy).
 */
export function mountProxyRoutes(
  app: ServiceApp,
  { upstreams, bodyLimitOf, guard }: ProxyRoutesOptions,
): void {
  app.on(proxiedMethods, [...internalPaths], function internalPath(c): never {
    throw new NotFoundError(`No route for ${c.req.method} ${c.req.path}`);
  });
  for (const { prefix, upstream: name } of publicRoutes) {
    const upstream = upstreams.get(name);
    const handler = upstream
      ? proxyTo(upstream, bodyLimitOf)
      : function serviceNotDeployed(): never {
          throw new ServiceUnavailableError(`The ${name} service is unavailable`);
        };
    app.on(proxiedMethods, [prefix, `${prefix}/*`], guard, handler);
  }
}
