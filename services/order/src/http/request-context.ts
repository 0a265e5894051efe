import { createHash } from 'node:crypto';
import { currentUser } from '@shop/identity';
import type { Causation } from '@shop/messaging';
import type { Context } from 'hono';
import type { IdempotencyClaim } from '../data/idempotency.repository.js';
import type { Caller } from '../orders/order.js';

/** The causation of a request's events: its request id (the app factory keeps it within 200 characters). */
export function requestCausation(c: Context): Causation {
  return { correlationId: c.get('requestId') };
}

/** The signed-in caller, for the use-cases. */
export function caller(c: Context): Caller {
  const principal = currentUser(c);
  return { userId: principal.userId, isAdmin: principal.role === 'admin' };
}

/**
 * The Idempotency-Key claim of a request (undefined without the header): scoped to the user and the
 * route, with a hash of the validated body, so the same body written differently still matches.
 */
export function idempotencyClaim(
  c: Context,
  route: string,
  key: string | undefined,
  body: unknown,
): IdempotencyClaim | undefined {
  if (key === undefined) return undefined;
  const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('base64url');
  return { userId: currentUser(c).userId, route, key, requestHash };
}
