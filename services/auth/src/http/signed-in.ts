import { AccessTokenVerifier, authenticate, type KeyLookup, type Role, requireUser } from '@shop/identity';
import type { Queryable } from '@shop/platform';
import type { MiddlewareHandler } from 'hono';
import { getCurrentUser } from '../users/get-current-user.js';

/** Builds the middleware of a route that needs a signed-in caller, optionally with one of some roles. */
export type SignedIn = (...roles: Role[]) => MiddlewareHandler[];

/**
 * Verifies bearer access tokens with the service's own key, then checks auth's own tables: a token of an
 * ended session or a deleted account is a 401 on auth's port as at the gateway, before any role check
 * (so a logged-out or demoted admin's token is refused, not judged by the role it still carries).
 */
export function signedInWith(keys: KeyLookup, issuer: string, sql: Queryable): SignedIn {
  const verify = authenticate(new AccessTokenVerifier(keys, issuer));
  const live = requireLiveSession(sql);
  return (...roles) => [verify, live, requireUser(...roles)];
}

function requireLiveSession(sql: Queryable): MiddlewareHandler {
  return async function refuseEndedSessions(c, next) {
    const principal = c.get('principal');
    if (principal) await getCurrentUser(sql, principal);
    await next();
  };
}
