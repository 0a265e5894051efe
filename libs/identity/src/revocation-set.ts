import { ACCESS_TOKEN_TTL_SECONDS, type AccessClaims } from './claims.js';
import { CLOCK_SKEW_SECONDS } from './jwt.js';

// A token is accepted until `exp` + the clock skew, so an entry must outlive its tokens' `exp` by as much.
const KEPT_PAST_EXPIRY_MS = CLOCK_SKEW_SECONDS * 1000;

/**
 * This instance's memory of revoked sessions and deleted users, each kept until the access tokens
 * it concerns would be refused anyway: their expiry plus the verifier's clock skew.
 */
export class RevocationSet {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, number>();

  /** Refuses the session's tokens, which expire at `expiresAt` at the latest. */
  revokeSession(sessionId: string, expiresAt: Date): void {
    keepLatest(this.sessions, sessionId, expiresAt.getTime() + KEPT_PAST_EXPIRY_MS);
  }

  /** Refuses every token of the user; they expire at `expiresAt` (default: one access-token lifetime from now). */
  deleteUser(
    userId: number | string,
    expiresAt = new Date(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000),
  ): void {
    keepLatest(this.users, String(userId), expiresAt.getTime() + KEPT_PAST_EXPIRY_MS);
  }

  /** True when the token's session was revoked or its user deleted. */
  readonly isRevoked = (claims: AccessClaims): boolean =>
    this.sessions.has(claims.sid) || this.users.has(claims.sub);

  /** Forgets entries whose tokens are refused anyway by now. */
  prune(now = Date.now()): void {
    for (const entries of [this.sessions, this.users]) {
      for (const [key, until] of entries) if (until <= now) entries.delete(key);
    }
  }

  get size(): number {
    return this.sessions.size + this.users.size;
  }
}

function keepLatest(entries: Map<string, number>, key: string, until: number): void {
  if (until > (entries.get(key) ?? 0)) entries.set(key, until);
}
