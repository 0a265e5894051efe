import { AccessTokenVerifier, authenticate, type KeyLookup, type Role, requireUser } from '@shop/identity';
import type { MiddlewareHandler } from 'hono';

/** Builds the middleware of a route that needs a signed-in caller, optionally with one of some roles. */
export type SignedIn = (...roles: Role[]) => MiddlewareHandler[];

/** Verifies bearer access tokens with the service's own key. */
export function signedInWith(keys: KeyLookup, issuer: string): SignedIn {
  const verify = authenticate(new AccessTokenVerifier(keys, issuer));
  return (...roles) => [verify, requireUser(...roles)];
}
