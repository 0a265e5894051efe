import type { Role } from '@shop/identity';
import type { Queryable } from '@shop/platform';

/** Why a session ended (the check constraint of sessions.revoked_reason). */
export type RevokedReason =
  | 'logout'
  | 'refresh_token_reuse'
  | 'password_change'
  | 'role_change'
  | 'user_deleted';

/** A session that has just been (or was recently) revoked. */
export interface RevokedSession {
  sessionId: string;
  userId: number;
  revokedAt: Date;
}

interface RevokedRow {
  id: string;
  user_id: string;
  revoked_at: Date;
}

function revokedOf(row: RevokedRow): RevokedSession {
  return { sessionId: row.id, userId: Number(row.user_id), revokedAt: row.revoked_at };
}

/** Records a new session holding the hash of its first refresh token. */
export async function insertSession(
  q: Queryable,
  session: { id: string; userId: number; refreshTokenHash: string; ttlSeconds: number },
): Promise<void> {
  await q`
    insert into sessions (id, user_id, refresh_token_hash, expires_at)
    values (${session.id}, ${session.userId}, ${session.refreshTokenHash},
            now() + make_interval(secs => ${session.ttlSeconds}))`;
}

/**
 * Swaps the presented refresh token for the next one in one statement, only while the session is
 * live, its owner active and the presented token the current one; returns the owner's current role.
 */
export async function rotateRefreshToken(
  q: Queryable,
  rotation: {
    sessionId: string;
    userId: number;
    presentedHash: string;
    nextHash: string;
    ttlSeconds: number;
  },
): Promise<{ role: Role } | undefined> {
  const [row] = await q<{ role: Role }[]>`
    update sessions s set
      refresh_token_hash = ${rotation.nextHash},
      last_refreshed_at = now(),
      expires_at = now() + make_interval(secs => ${rotation.ttlSeconds})
    from users u
    where s.id = ${rotation.sessionId} and s.user_id = ${rotation.userId} and u.id = s.user_id
      and s.refresh_token_hash = ${rotation.presentedHash}
      and s.revoked_at is null and s.expires_at > now() and u.deleted_at is null
    returning u.role`;
  return row;
}

/** Revokes a live session whose current refresh token is not the presented one (a spent token came back). */
export async function markRevokedOnReuse(
  q: Queryable,
  sessionId: string,
  presentedHash: string,
): Promise<RevokedSession | undefined> {
  const [row] = await q<RevokedRow[]>`
    update sessions set revoked_at = now(), revoked_reason = 'refresh_token_reuse'
    where id = ${sessionId} and revoked_at is null and refresh_token_hash <> ${presentedHash}
    returning id, user_id, revoked_at`;
  return row && revokedOf(row);
}

/** Revokes a user's live sessions: one of them, or all of them except one, or all. */
export async function markSessionsRevoked(
  q: Queryable,
  filter: { userId: number; reason: RevokedReason; only?: string; except?: string },
): Promise<RevokedSession[]> {
  const rows = await q<RevokedRow[]>`
    update sessions set revoked_at = now(), revoked_reason = ${filter.reason}
    where user_id = ${filter.userId} and revoked_at is null and expires_at > now()
      ${filter.only ? q`and id = ${filter.only}` : q``}
      ${filter.except ? q`and id <> ${filter.except}` : q``}
    returning id, user_id, revoked_at`;
  return rows.map(revokedOf);
}

/** Sessions revoked less than `seconds` ago. */
export async function listRevokedSince(q: Queryable, seconds: number): Promise<RevokedSession[]> {
  const rows = await q<RevokedRow[]>`
    select id, user_id, revoked_at from sessions
    where revoked_at > now() - make_interval(secs => ${seconds}) order by revoked_at`;
  return rows.map(revokedOf);
}
