import { ACCESS_TOKEN_TTL_SECONDS, CLOCK_SKEW_SECONDS } from '@shop/identity';
import type { Queryable } from '@shop/platform';
import { listRevokedSince } from '../data/sessions.repository.js';
import { listDeletedSince } from '../data/users.repository.js';
import { accessTokensDieAt } from './revoke-sessions.js';

/** Revocations whose access tokens may still be alive, until when: what a gateway loads at start. */
export interface Revocations {
  sessions: Array<{ session_id: string; user_id: number; expires_at: string }>;
  users: Array<{ user_id: number; expires_at: string }>;
}

// A token is accepted until its expiry plus the verifiers' clock skew: list what is that recent.
const LIVE_FOR_SECONDS = ACCESS_TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS;

/** Lists sessions revoked and users deleted within the last access-token lifetime plus the clock skew. */
export async function listRevocations(sql: Queryable): Promise<Revocations> {
  const [sessions, users] = await Promise.all([
    listRevokedSince(sql, LIVE_FOR_SECONDS),
    listDeletedSince(sql, LIVE_FOR_SECONDS),
  ]);
  return {
    sessions: sessions.map((session) => ({
      session_id: session.sessionId,
      user_id: session.userId,
      expires_at: accessTokensDieAt(session.revokedAt).toISOString(),
    })),
    users: users.map((user) => ({
      user_id: user.userId,
      expires_at: accessTokensDieAt(user.deletedAt).toISOString(),
    })),
  };
}
