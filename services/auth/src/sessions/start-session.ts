import { randomUUID } from 'node:crypto';
import { REFRESH_TOKEN_TTL_SECONDS, type TokenSigner } from '@shop/identity';
import type { Queryable } from '@shop/platform';
import { insertSession } from '../data/sessions.repository.js';
import type { User } from '../data/users.repository.js';
import { hashRefreshToken, signRefreshToken, type TokenPair, tokenPair } from './token-pair.js';

/** Opens a session for a user who has just proven who they are, and hands out its first token pair. */
export async function startSession(sql: Queryable, signer: TokenSigner, user: User): Promise<TokenPair> {
  const subject = { userId: user.id, sessionId: randomUUID() };
  const refreshToken = signRefreshToken(signer, subject);
  await insertSession(sql, {
    id: subject.sessionId,
    userId: user.id,
    refreshTokenHash: hashRefreshToken(refreshToken),
    ttlSeconds: REFRESH_TOKEN_TTL_SECONDS,
  });
  return tokenPair(signer, { ...subject, role: user.role }, refreshToken);
}
