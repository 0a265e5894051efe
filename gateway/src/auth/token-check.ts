import { type AccessTokenVerifier, bearerToken } from '@shop/identity';
import type { MiddlewareHandler } from 'hono';

// These take no access token: sign-up and login need none, refresh takes a refresh token as bearer.
const tokenIssuingPaths = new Set(['/users/add', '/users/login', '/users/refresh']);

/**
 * Refuses a request whose bearer access token is invalid, expired or revoked with a 401 at the
 * gateway, so the service never sees it. A request without a token goes on: the service decides
 * whether its route needs a user.
 */
export function checkAccessToken(verifier: AccessTokenVerifier): MiddlewareHandler {
  return async function refuseInvalidAccessToken(c, next) {
    const token = bearerToken(c);
    if (token && !(c.req.method === 'POST' && tokenIssuingPaths.has(c.req.path))) {
      await verifier.verify(token);
    }
    await next();
  };
}
