import { type AppOptions, createServiceApp, type ServiceApp } from '@shop/platform';
import type { AuthDeps } from './deps.js';
import { registerInternalRoutes } from './http/internal.routes.js';
import { registerJwksRoutes } from './http/jwks.routes.js';
import { registerSessionRoutes } from './http/sessions.routes.js';
import { signedInWith } from './http/signed-in.js';
import { registerUserRoutes } from './http/users.routes.js';

/** The auth HTTP app: /users/*, the JWKS, the gateway's revocation list and the OpenAPI document. */
export function createApp(deps: AuthDeps, options: AppOptions): ServiceApp {
  const app = createServiceApp(options);
  const signedIn = signedInWith(deps.keys, deps.signer.issuer);
  registerUserRoutes(app, deps, signedIn);
  registerSessionRoutes(app, deps, signedIn);
  registerJwksRoutes(app, deps.signer);
  registerInternalRoutes(app, deps);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /users/login or /users/refresh',
  });
  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'Shop auth', version: '1.0.0' } });
  return app;
}
