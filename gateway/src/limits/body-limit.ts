import type { GatewayConfig } from '../config.js';

/** The largest request body a route accepts: the bulk import gets its own, larger limit. */
export type BodyLimitOf = (method: string, path: string) => number;

/** Builds the per-route body limit from BODY_LIMIT_BYTES and IMPORT_BODY_LIMIT_BYTES. */
export function bodyLimits(config: GatewayConfig): BodyLimitOf {
  return function bodyLimitOf(method, path) {
    return method === 'POST' && path === '/products/bulk-import'
      ? config.IMPORT_BODY_LIMIT_BYTES
      : config.BODY_LIMIT_BYTES;
  };
}
