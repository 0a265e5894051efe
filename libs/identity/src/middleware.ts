import { ForbiddenError, UnauthorizedError } from '@shop/platform';
import type { Context, MiddlewareHandler } from 'hono';
import type { AccessTokenVerifier } from './access-token-verifier.js';
import type { Principal, Role } from './claims.js';

declare module 'hono' {
  interface ContextVariableMap {
    principal?: Principal;
  }
}

/** The bearer token of a request, if it carries one. */
export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/**
 * Verifies the bearer access token and makes the caller available as `c.get('principal')`.
 * Without a token the request goes on anonymous; routes that need a user say so with `requireUser`.
 */
export function authenticate(verifier: AccessTokenVerifier): MiddlewareHandler {
  return async function authenticateBearer(c, next) {
    const token = bearerToken(c);
    if (token) c.set('principal', (await verifier.verify(token)).principal);
    await next();
  };
}

/** Refuses anonymous callers (401) and, when roles are given, callers without one of them (403). */
export function requireUser(...allowed: Role[]): MiddlewareHandler {
  return async function requireSignedInUser(c, next) {
    const principal = c.get('principal');
    if (!principal) {
      throw new UnauthorizedError('Sign in first: this route needs a bearer access token', undefined, {
        'www-authenticate': 'Bearer',
      });
    }
    if (allowed.length > 0 && !allowed.includes(principal.role)) {
      throw new ForbiddenError(`This route is for ${allowed.join(' or ')} users only`);
    }
    await next();
  };
}

/** The signed-in caller; use after `requireUser`. */
export function currentUser(c: Context): Principal {
  const principal = c.get('principal');
  if (!principal) throw new UnauthorizedError('Sign in first: this route needs a bearer access token');
  return principal;
}
