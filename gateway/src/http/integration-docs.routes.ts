import { readFile } from 'node:fs/promises';
import { publicEventJsonSchema, publicEventTypes, publicSchemaFileName } from '@shop/contracts';
import { NotFoundError, type ServiceApp } from '@shop/platform';
import type { MiddlewareHandler } from 'hono';

// Found from this file, so the build copies it beside the bundle (scripts/build/source-location.ts).
const contractPage = new URL('../../../docs/integration.md', import.meta.url);

const schemaOfFile = new Map(
  publicEventTypes.map((type) => [publicSchemaFileName(type), publicEventJsonSchema(type)]),
);

/**
 * GET /docs/integration: the contract for services outside Shop (docs/integration.md, as written),
 * and GET /docs/schemas/<type>.v<n>.json: the public events' JSON Schemas, generated from the
 * contracts like docs/schemas (the page's relative links resolve here). No token needed.
 */
export function mountIntegrationDocs(app: ServiceApp): void {
  let page: Promise<string> | undefined;
  app.get('/docs/integration', nothingButTheDocument(), async function serveIntegrationContract(c) {
    page ??= readFile(contractPage, 'utf8').catch((error: unknown) => {
      page = undefined;
      throw error;
    });
    return c.body(await page, 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });
  app.get('/docs/schemas/:file', nothingButTheDocument(), function servePublicEventSchema(c) {
    const schema = schemaOfFile.get(c.req.param('file'));
    if (!schema) throw new NotFoundError(`no published schema ${c.req.param('file')}`);
    return c.json(schema, 200, { 'content-type': 'application/schema+json' });
  });
}

/** These answers are documents, never pages that run anything: a policy allowing nothing at all. */
function nothingButTheDocument(): MiddlewareHandler {
  return async function documentContentSecurity(c, next) {
    await next();
    c.res.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  };
}
