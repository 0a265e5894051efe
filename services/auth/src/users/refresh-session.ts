import { REFRESH_TOKEN_TTL_SECONDS, refreshClaimsSchema, verifyJwt } from '@shop/identity';
import { enqueueEvents } from '@shop/messaging';
import { UnauthorizedError } from '@shop/platform';
import { markRevokedOnReuse, rotateRefreshToken } from '../data/sessions.repository.js';
import type { AuthDeps, RequestContext } from '../deps.js';
import { sessionRevokedEvents } from '../sessions/revoke-sessions.js';
import { hashRefreshToken, signRefreshToken, type TokenPair, tokenPair } from '../sessions/token-pair.js';

/**
 * Trades a refresh token for a new pair, spending it. A token that is no longer the session's
 * current one was used before (stolen, or replayed), so the whole session is revoked: this also
 * ends the session when a client sends the same token twice at once — one wins, then both stop.
 */
export async function refreshSession(
  deps: AuthDeps,
  refreshToken: string,
  context: RequestContext,
): Promise<TokenPair> {
  const claims = await verifyJwt(refreshToken, deps.keys, {
    issuer: deps.signer.issuer,
    schema: refreshClaimsSchema,
  });
  const subject = { userId: Number(claims.sub), sessionId: claims.sid };
  const presentedHash = hashRefreshToken(refreshToken);
  const nextRefreshToken = signRefreshToken(deps.signer, subject);
  const rotated = await deps.sql.begin(async (tx) => {
    const current = await rotateRefreshToken(tx, {
      ...subject,
      presentedHash,
      nextHash: hashRefreshToken(nextRefreshToken),
      ttlSeconds: REFRESH_TOKEN_TTL_SECONDS,
    });
    if (current) return current;
    const revoked = await markRevokedOnReuse(tx, subject.sessionId, presentedHash);
    if (revoked) {
      deps.logger.warn(
        { session_id: revoked.sessionId, user_id: revoked.userId },
        'refresh token reuse; session revoked',
      );
      enqueueEvents(tx, 'auth', sessionRevokedEvents([revoked], context.correlationId));
    }
    return undefined;
  });
  if (!rotated) throw new UnauthorizedError('The refresh token was already used, or its session has ended');
  return tokenPair(deps.signer, { ...subject, role: rotated.role }, nextRefreshToken);
}
