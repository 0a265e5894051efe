import { Scalar } from '@scalar/hono-api-reference';
import type { ServiceApp } from '@shop/platform';
import type { PublicOpenApi } from './public-openapi.js';

/** GET /openapi.json (the upstreams' documents merged) and GET /docs (Scalar reading it). No token needed. */
export function mountDocs(app: ServiceApp, openApi: PublicOpenApi): void {
  app.get('/openapi.json', async function servePublicOpenApi(c) {
    return c.json(await openApi.document());
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'Shop API' }));
}
