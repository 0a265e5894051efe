import type { Principal } from '@shop/identity';
import type { AuthDeps, RequestContext } from '../deps.js';
import { revokeSessions } from '../sessions/revoke-sessions.js';

/** Ends the caller's session: its refresh token dies now, its access tokens at the gateway within a second. */
export async function logOut(
  { sql }: AuthDeps,
  principal: Principal,
  context: RequestContext,
): Promise<void> {
  // Logging out of an already ended session changes nothing and is not an error.
  await sql.begin((tx) =>
    revokeSessions(
      tx,
      { userId: principal.userId, reason: 'logout', only: principal.sessionId },
      context.correlationId,
    ),
  );
}
