import type { UpstreamName } from '../config.js';

/** A public path prefix and the service behind it (docs/architecture.md, HTTP API). */
export interface PublicRoute {
  prefix: string;
  upstream: UpstreamName;
}

/**
 * What the gateway exposes. Everything else (`/internal/*`, `/.well-known/*`, `/admin/*`, unknown
 * prefixes) is a 404 here: internal endpoints stay reachable only inside the network. The gateway
 * answers `/admin/dead-letters` and `/admin/metrics` itself, asking the services (see admin/).
 */
export const publicRoutes: readonly PublicRoute[] = [
  { prefix: '/users', upstream: 'auth' },
  { prefix: '/products', upstream: 'catalog' },
  { prefix: '/categories', upstream: 'catalog' },
  { prefix: '/orders', upstream: 'order' },
  { prefix: '/statistics', upstream: 'analytics' },
];

/**
 * Paths under a public prefix that stay internal: POST /statistics/rebuild is analytics' repair tool
 * (not in the public API; it holds the sales ledger lock, pausing event handling, while it runs), for
 * operators on analytics' own port.
 */
export const internalPaths: readonly string[] = ['/statistics/rebuild'];

/** The upstream serving a public path, or undefined when the gateway does not expose it. */
export function upstreamOfPath(path: string): UpstreamName | undefined {
  if (internalPaths.includes(path)) return undefined;
  const route = publicRoutes.find(
    ({ prefix }) => path === prefix || (path.startsWith(prefix) && path[prefix.length] === '/'),
  );
  return route?.upstream;
}
