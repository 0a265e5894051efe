import { Pool } from 'undici';
import { type GatewayConfig, type UpstreamName, upstreamUrls } from '../config.js';

/** One service behind the gateway and the keep-alive connection pool to it. */
export interface Upstream {
  name: UpstreamName;
  /** Prepended to every forwarded path: empty unless the service URL has a path. */
  basePath: string;
  pool: Pool;
}

export type Upstreams = Map<UpstreamName, Upstream>;

/** Opens a keep-alive pool to each deployed upstream (those listed in UPSTREAMS). */
export function createUpstreams(config: GatewayConfig): Upstreams {
  const urls = upstreamUrls(config);
  return new Map(
    config.UPSTREAMS.map((name) => {
      const url = new URL(urls[name]);
      const pool = new Pool(url.origin, {
        connections: 256,
        keepAliveTimeout: 10_000,
        headersTimeout: config.UPSTREAM_TIMEOUT_MS,
        bodyTimeout: config.UPSTREAM_TIMEOUT_MS,
        connect: { timeout: Math.min(config.UPSTREAM_TIMEOUT_MS, 5_000), noDelay: true },
      });
      return [name, { name, basePath: url.pathname.replace(/\/+$/, ''), pool }] as const;
    }),
  );
}

/** Closes every pool, letting requests in flight finish. */
export async function closeUpstreams(upstreams: Upstreams): Promise<void> {
  await Promise.all([...upstreams.values()].map((upstream) => upstream.pool.close()));
}
