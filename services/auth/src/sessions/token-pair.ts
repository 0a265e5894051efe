import { createHash } from 'node:crypto';
import {
  ACCESS_AUDIENCE,
  ACCESS_TOKEN_TTL_SECONDS,
  REFRESH_AUDIENCE,
  REFRESH_TOKEN_TTL_SECONDS,
  type Role,
  type TokenSigner,
} from '@shop/identity';

/** What login and refresh answer. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** Whose session a token belongs to. */
export interface SessionSubject {
  userId: number;
  sessionId: string;
}

/** Signs a refresh token: accepted only by POST /users/refresh (its own type and audience). */
export function signRefreshToken(signer: TokenSigner, { userId, sessionId }: SessionSubject): string {
  return signer.sign(
    { sub: String(userId), sid: sessionId, typ: 'refresh', aud: REFRESH_AUDIENCE },
    REFRESH_TOKEN_TTL_SECONDS,
  );
}

/** Pairs a refresh token with a fresh access token carrying the user's role. */
export function tokenPair(
  signer: TokenSigner,
  { userId, sessionId, role }: SessionSubject & { role: Role },
  refreshToken: string,
): TokenPair {
  const accessToken = signer.sign(
    { sub: String(userId), sid: sessionId, role, typ: 'access', aud: ACCESS_AUDIENCE },
    ACCESS_TOKEN_TTL_SECONDS,
  );
  return {
    access_token: accessToken,
    refresh_token: refreshToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
  };
}

/** The stored form of a refresh token: its SHA-256, hex. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
