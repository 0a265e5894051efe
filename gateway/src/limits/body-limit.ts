import type { RouteBodyLimit } from '@shop/platform';
import type { GatewayConfig } from '../config.js';

export type { BodyLimitOf } from '@shop/platform';

/** The routes whose bodies may pass BODY_LIMIT_BYTES: the bulk import, up to IMPORT_BODY_LIMIT_BYTES. */
export function routeBodyLimits(config: GatewayConfig): RouteBodyLimit[] {
  return [{ method: 'POST', path: '/products/bulk-import', maxBytes: config.IMPORT_BODY_LIMIT_BYTES }];
}
