import type { Causation } from '@shop/messaging';
import type { Context } from 'hono';

/** The causation of a request's events: its request id (the app factory keeps it within 200 characters). */
export function requestCausation(c: Context): Causation {
  return { correlationId: c.get('requestId') };
}

/** True when the caller is an admin, who also sees costs. */
export function callerIsAdmin(c: Context): boolean {
  return c.get('principal')?.role === 'admin';
}
