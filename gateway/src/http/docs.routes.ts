import { Scalar } from '@scalar/hono-api-reference';
import type { ServiceApp } from '@shop/platform';
import { type OpenApiDocument, withGatewayPaths } from './merge-openapi.js';
import type { PublicOpenApi } from './public-openapi.js';

/**
 * GET /openapi.json (the upstreams' documents merged, plus the routes the gateway answers itself)
 * and GET /docs (Scalar reading it). No token needed.
 */
export function mountDocs(app: ServiceApp, openApi: PublicOpenApi): void {
  let own: OpenApiDocument | undefined;
  app.get('/openapi.json', async function servePublicOpenApi(c) {
    // Built on first use: every route is registered by then.
    own ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'Shop gateway', version: '1.0.0' },
      tags: [{ name: 'dead-letters', description: 'Messages the services could not handle (admins)' }],
    }) as OpenApiDocument;
    return c.json(withGatewayPaths(await openApi.document(), own));
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'Shop API' }));
}
