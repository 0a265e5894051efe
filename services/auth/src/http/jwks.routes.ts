import { createRoute, z } from '@hono/zod-openapi';
import type { TokenSigner } from '@shop/identity';
import { jsonResponse, type ServiceApp } from '@shop/platform';

const jwksSchema = z
  .object({
    keys: z.array(
      z.looseObject({
        kid: z.string(),
        kty: z.string().optional(),
        crv: z.string().optional(),
        x: z.string().optional(),
        alg: z.string().optional(),
        use: z.string().optional(),
      }),
    ),
  })
  .openapi('Jwks');

const jwks = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['keys'],
  summary: 'Public keys that verify the tokens auth signs (EdDSA)',
  responses: { 200: jsonResponse('A JSON Web Key Set', jwksSchema) },
});

/** GET /.well-known/jwks.json: public and cacheable for five minutes. */
export function registerJwksRoutes(app: ServiceApp, signer: TokenSigner): void {
  app.openapi(jwks, (c) => c.json(signer.jwks(), 200, { 'cache-control': 'public, max-age=300' }));
}
