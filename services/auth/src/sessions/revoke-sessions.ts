import { ACCESS_TOKEN_TTL_SECONDS } from '@shop/identity';
import { enqueueEvents, type NewEvent } from '@shop/messaging';
import type { TransactionSql } from '@shop/platform';
import { markSessionsRevoked, type RevokedReason, type RevokedSession } from '../data/sessions.repository.js';

/** When the last access token of a session revoked at `revokedAt` expires anyway. */
export function accessTokensDieAt(revokedAt: Date): Date {
  return new Date(revokedAt.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000);
}

/** One `session.revoked` event per revoked session, for the gateways to refuse its access tokens. */
export function sessionRevokedEvents(revoked: RevokedSession[], correlationId: string): NewEvent[] {
  return revoked.map((session) => ({
    type: 'session.revoked',
    data: {
      session_id: session.sessionId,
      user_id: session.userId,
      expires_at: accessTokensDieAt(session.revokedAt).toISOString(),
    },
    correlationId,
  }));
}

/** Revokes a user's live sessions (one, all, or all but one) and announces each in the same transaction. */
export async function revokeSessions(
  tx: TransactionSql,
  filter: { userId: number; reason: RevokedReason; only?: string; except?: string },
  correlationId: string,
): Promise<RevokedSession[]> {
  const revoked = await markSessionsRevoked(tx, filter);
  enqueueEvents(tx, 'auth', sessionRevokedEvents(revoked, correlationId));
  return revoked;
}
