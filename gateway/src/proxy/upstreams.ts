import { BalancedPool } from 'undici';
import { type GatewayConfig, type UpstreamName, upstreamUrls } from '../config.js';

/** One service behind the gateway and the keep-alive connection pool to it. */
export interface Upstream {
  name: UpstreamName;
  /** Prepended to every forwarded path: empty unless the service URL has a path. */
  basePath: string;
  /** Keep-alive connections to every replica, requests spread round robin. */
  pool: BalancedPool;
}

export type Upstreams = Map<UpstreamName, Upstream>;

/** Opens a keep-alive pool to each deployed upstream (those listed in UPSTREAMS), over all its URLs. */
export function createUpstreams(config: GatewayConfig): Upstreams {
  const urls = upstreamUrls(config);
  return new Map(
    config.UPSTREAMS.map((name) => {
      const replicas = urls[name].map((url) => new URL(url));
      const pool = new BalancedPool(
        replicas.map((url) => url.origin),
        {
          connections: 256,
          keepAliveTimeout: 10_000,
          headersTimeout: config.UPSTREAM_TIMEOUT_MS,
          bodyTimeout: config.UPSTREAM_TIMEOUT_MS,
          connect: { timeout: Math.min(config.UPSTREAM_TIMEOUT_MS, 5_000), noDelay: true },
        },
      );
      const basePath = (replicas[0] as URL).pathname.replace(/\/+$/, '');
      return [name, { name, basePath, pool }] as const;
    }),
  );
}

/** Closes every pool, letting requests in flight finish. */
export async function closeUpstreams(upstreams: Upstreams): Promise<void> {
  await Promise.all([...upstreams.values()].map((upstream) => upstream.pool.close()));
}
