import { serveOpenApiDocument } from '@shop/platform';
import type { ServiceKit } from '@shop/service';
import type { AuthConfig } from './config.js';
import type { AuthDeps } from './deps.js';
import { registerInternalRoutes } from './http/internal.routes.js';
import { registerJwksRoutes } from './http/jwks.routes.js';
import { registerSessionRoutes } from './http/sessions.routes.js';
import { signedInWith } from './http/signed-in.js';
import { registerUserRoutes } from './http/users.routes.js';

/**
 * The auth HTTP app: the kit's app, /users/*, the JWKS, the gateway's revocation list and the OpenAPI
 * document. Auth verifies its own tokens with its own key and sessions (signedIn per route), so it takes
 * no bearer middleware for every route: registration, login and the JWKS are public.
 */
export function createApp(kit: ServiceKit<AuthConfig>, deps: AuthDeps) {
  const app = kit.createApp();
  const signedIn = signedInWith(deps.keys, deps.signer.issuer, deps.sql);
  registerUserRoutes(app, deps, signedIn);
  registerSessionRoutes(app, deps, signedIn);
  registerJwksRoutes(app, deps.signer);
  registerInternalRoutes(app, deps);
  serveOpenApiDocument(app, { title: 'Shop auth' });
  return app;
}
