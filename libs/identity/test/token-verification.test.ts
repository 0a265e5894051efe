import { generateKeyPairSync } from 'node:crypto';
import { UnauthorizedError } from '@shop/platform';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_AUDIENCE,
  ACCESS_TOKEN_TTL_SECONDS,
  AccessTokenVerifier,
  keysOf,
  REFRESH_AUDIENCE,
  TokenSigner,
} from '../src/index.js';

const ISSUER = 'shop-auth';
const signer = new TokenSigner(generateKeyPairSync('ed25519').privateKey, 'key-1', ISSUER);
const verifier = new AccessTokenVerifier(keysOf(signer), ISSUER);
const session = { sub: '42', sid: crypto.randomUUID() };

function accessToken(overrides: Record<string, unknown> = {}, ttl = ACCESS_TOKEN_TTL_SECONDS) {
  return signer.sign(
    { ...session, typ: 'access', aud: ACCESS_AUDIENCE, role: 'customer', ...overrides },
    ttl,
  );
}

function reencode(token: string, change: (part: Record<string, unknown>) => void, index: 0 | 1): string {
  const parts = token.split('.');
  const decoded = JSON.parse(Buffer.from(parts[index] as string, 'base64url').toString());
  change(decoded);
  parts[index] = Buffer.from(JSON.stringify(decoded)).toString('base64url');
  return parts.join('.');
}

describe('access token verification', () => {
  it('accepts a fresh access token and names the caller', async () => {
    const { principal } = await verifier.verify(accessToken());
    expect(principal).toEqual({ userId: 42, role: 'customer', sessionId: session.sid });
  });

  it.each([
    [
      'alg none without a signature',
      () =>
        `${reencode(accessToken(), (h) => (h.alg = 'none'), 0)
          .split('.')
          .slice(0, 2)
          .join('.')}.`,
    ],
    ['alg HS256', () => reencode(accessToken(), (h) => (h.alg = 'HS256'), 0)],
    ['a tampered role claim', () => reencode(accessToken(), (p) => (p.role = 'admin'), 1)],
    ['the wrong audience', () => accessToken({ aud: 'somewhere-else' })],
    ['an expired token', () => accessToken({}, -120)],
    [
      'a refresh token used as access token',
      () => signer.sign({ ...session, typ: 'refresh', aud: REFRESH_AUDIENCE }, 60),
    ],
    ['an unknown key id', () => reencode(accessToken(), (h) => (h.kid = 'key-2'), 0)],
    [
      'another issuer',
      () =>
        new TokenSigner(generateKeyPairSync('ed25519').privateKey, 'key-1', 'evil').sign(
          { ...session, typ: 'access', aud: ACCESS_AUDIENCE, role: 'admin' },
          60,
        ),
    ],
    ['garbage', () => 'not.a.jwt'],
  ])('refuses %s with a 401', async (_, token) => {
    await expect(verifier.verify(token())).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token whose session the revocation check names', async () => {
    const revoking = new AccessTokenVerifier(keysOf(signer), ISSUER, (claims) => claims.sid === session.sid);
    await expect(revoking.verify(accessToken())).rejects.toMatchObject({ status: 401 });
  });
});
