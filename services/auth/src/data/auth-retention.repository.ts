import { ACCESS_TOKEN_TTL_SECONDS } from '@shop/identity';
import type { Purge } from '@shop/platform';

/**
 * Throttling counters whose window has passed: the next attempt on such a key starts a new window
 * anyway (see countAttempt), so deleting the row changes no decision.
 */
export function loginAttemptsPurge(windowSeconds: number): Purge {
  return {
    table: 'login_attempts',
    async purge(tx, limit) {
      const { count } = await tx`
        delete from login_attempts where ctid = any(array(
          select ctid from login_attempts where window_started_at < now() - make_interval(secs => ${windowSeconds})
          limit ${limit} for update skip locked))`;
      return count;
    },
  };
}

/**
 * Sessions ended longer than `days` ago. A session's refresh token cannot be used past expires_at,
 * so a row is kept until its token's expiry (reuse detection needs no more) plus `days`; a revoked
 * one is also kept `days` (at least an access token's lifetime) after its revocation, which
 * GET /internal/revocations reports to gateways for that long.
 */
export function sessionsPurge(days: number): Purge {
  const keptSeconds = Math.max(days * 86_400, ACCESS_TOKEN_TTL_SECONDS);
  return {
    table: 'sessions',
    async purge(tx, limit) {
      const { count } = await tx`
        delete from sessions where ctid = any(array(
          select ctid from sessions
          where expires_at < now() - make_interval(secs => ${keptSeconds})
            and (revoked_at is null or revoked_at < now() - make_interval(secs => ${keptSeconds}))
          limit ${limit} for update skip locked))`;
      return count;
    },
  };
}

/** The auth tables retention keeps small, besides the messaging ones. */
export function authPurges(config: {
  LOGIN_WINDOW_SECONDS: number;
  SESSION_RETENTION_DAYS: number;
}): Purge[] {
  return [loginAttemptsPurge(config.LOGIN_WINDOW_SECONDS), sessionsPurge(config.SESSION_RETENTION_DAYS)];
}
