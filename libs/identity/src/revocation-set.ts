import { ACCESS_TOKEN_TTL_SECONDS, type AccessClaims } from '@shop/identity';

// Kept a minute past expiry: the verifier still accepts a token up to its clock skew after `exp`.
const SKEW_MARGIN_MS = 60_000;

/**
 * This instance's memory of revoked sessions and deleted users, each kept until the access tokens
 * it concerns would have expired anyway.
 */
export class RevocationSet {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, number>();

  /** Refuses the session's tokens until `expiresAt`. */
  revokeSession(sessionId: string, expiresAt: Date): void {
    keepLatest(this.sessions, sessionId, expiresAt.getTime() + SKEW_MARGIN_MS);
  }

  /** Refuses every token of the user until `expiresAt` (default: one access-token lifetime from now). */
  deleteUser(
    userId: number | string,
    expiresAt = new Date(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000),
  ): void {
    keepLatest(this.users, String(userId), expiresAt.getTime() + SKEW_MARGIN_MS);
  }

  /** True when the token's session was revoked or its user deleted. */
  readonly isRevoked = (claims: AccessClaims): boolean =>
    this.sessions.has(claims.sid) || this.users.has(claims.sub);

  /** Forgets entries whose tokens have expired. */
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
