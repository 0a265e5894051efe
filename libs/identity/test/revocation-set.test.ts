import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACCESS_AUDIENCE, type AccessClaims, CLOCK_SKEW_SECONDS, RevocationSet } from '../src/index.js';

function claimsOf(sub: string, sid = randomUUID()): AccessClaims {
  const iat = Math.floor(Date.now() / 1000);
  const base = { iss: 'shop-auth', iat, exp: iat + 900, jti: randomUUID() };
  return { ...base, sub, sid, typ: 'access', aud: ACCESS_AUDIENCE, role: 'customer' };
}

describe('the revocation set', () => {
  it('keeps a revoked session until its tokens are refused anyway: their expiry plus the clock skew', () => {
    const revocations = new RevocationSet();
    const claims = claimsOf('7');
    const expiresAt = new Date('2030-01-01T00:15:00Z');
    revocations.revokeSession(claims.sid, expiresAt);

    revocations.prune(expiresAt.getTime() + (CLOCK_SKEW_SECONDS - 1) * 1000);
    expect(revocations.isRevoked(claims)).toBe(true);

    revocations.prune(expiresAt.getTime() + CLOCK_SKEW_SECONDS * 1000);
    expect(revocations.isRevoked(claims)).toBe(false);
  });

  it("keeps a deleted user past its tokens' expiry plus the clock skew, whatever the session", () => {
    const revocations = new RevocationSet();
    const expiresAt = new Date('2030-01-01T00:15:00Z');
    revocations.deleteUser(8, expiresAt);

    revocations.prune(expiresAt.getTime() + (CLOCK_SKEW_SECONDS - 1) * 1000);
    expect(revocations.isRevoked(claimsOf('8'))).toBe(true);
    expect(revocations.isRevoked(claimsOf('9'))).toBe(false);

    revocations.prune(expiresAt.getTime() + CLOCK_SKEW_SECONDS * 1000);
    expect(revocations.size).toBe(0);
  });

  it('a later expiry for the same session wins over an earlier one', () => {
    const revocations = new RevocationSet();
    const claims = claimsOf('7');
    const later = new Date('2030-01-01T00:15:00Z');
    revocations.revokeSession(claims.sid, later);
    revocations.revokeSession(claims.sid, new Date(later.getTime() - 60_000));

    revocations.prune(later.getTime());
    expect(revocations.isRevoked(claims)).toBe(true);
  });
});
