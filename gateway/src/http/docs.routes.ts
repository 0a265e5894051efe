import { Scalar } from '@scalar/hono-api-reference';
import type { ServiceApp } from '@shop/platform';
import { apiReferenceScript } from './api-reference-script.js';
import { docsContentSecurityPolicy } from './docs-content-security.js';
import { type OpenApiDocument, withGatewayPaths } from './merge-openapi.js';
import type { PublicOpenApi } from './public-openapi.js';

/**
 * GET /openapi.json (the upstreams' documents merged, plus the routes the gateway answers itself)
 * and GET /docs (Scalar reading it, its script served from here too: the page asks no other host).
 * No token needed.
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
  const script = apiReferenceScript();
  app.get(script.path, (c) => script.serve(c));
  app.get(
    '/docs',
    docsContentSecurityPolicy(),
    Scalar({
      url: '/openapi.json',
      pageTitle: 'Shop API',
      cdn: script.path,
      // Offline and under the policy: no fonts from Scalar's host, no AI chat, no developer toolbar.
      withDefaultFonts: false,
      agent: { disabled: true },
      showDeveloperTools: 'never',
    }),
  );
}
