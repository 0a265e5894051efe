import { type AppOptions, createServiceApp, type ServiceApp, serveOpenApiDocument } from '@shop/platform';
import type { AuthDeps } from './deps.js';
import { registerInternalRoutes } from './http/internal.routes.js';
import { registerJwksRoutes } from './http/jwks.routes.js';
import { registerSessionRoutes } from './http/sessions.routes.js';
import { signedInWith } from './http/signed-in.js';
import { registerUserRoutes } from './http/users.routes.js';

/** The auth HTTP app: /users/*, the JWKS, the gateway's revocation list and the OpenAPI document. */
export function createApp(deps: AuthDeps, options: AppOptions): ServiceApp {
  const app = createServiceApp(options);
  const signedIn = signedInWith(deps.keys, deps.signer.issuer, deps.sql);
  registerUserRoutes(app, deps, signedIn);
  registerSessionRoutes(app, deps, signedIn);
  registerJwksRoutes(app, deps.signer);
  registerInternalRoutes(app, deps);
  serveOpenApiDocument(app, { title: 'Shop auth' });
  return app;
}
