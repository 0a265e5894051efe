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

  describe('only canonical base64url', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const withPart = (token: string, index: number, change: (part: string) => string) =>
      token
        .split('.')
        .map((part, i) => (i === index ? change(part) : part))
        .join('.');

    it('refuses every other last character of the signature that decodes to the same bytes', async () => {
      const token = accessToken();
      const signature = token.split('.')[2] as string;
      const bytes = Buffer.from(signature, 'base64url');
      const variants = [...alphabet]
        .map((last) => `${signature.slice(0, -1)}${last}`)
        .filter((variant) => variant !== signature && Buffer.from(variant, 'base64url').equals(bytes));

      expect(variants).toHaveLength(15);
      for (const variant of variants) {
        await expect(verifier.verify(withPart(token, 2, () => variant))).rejects.toBeInstanceOf(
          UnauthorizedError,
        );
      }
    });

    it.each([
      ['"=" padding on the signature', 2, (part: string) => `${part}==`],
      ['a "!" after the signature', 2, (part: string) => `${part}!`],
      ['a space after the signature', 2, (part: string) => `${part} `],
      ['"=" padding on the payload', 1, (part: string) => `${part}=`],
      ['a space inside the payload', 1, (part: string) => `${part.slice(0, 4)} ${part.slice(4)}`],
      ['"=" padding on the header', 0, (part: string) => `${part}=`],
      [
        'the standard alphabet in the signature',
        2,
        (part: string) => part.replaceAll('-', '+').replaceAll('_', '/'),
      ],
    ])('refuses %s with a 401', async (_, index, change) => {
      let token = accessToken();
      // A signature without "-" or "_" has nothing to translate: take another token.
      while (withPart(token, index, change) === token) token = accessToken();
      await verifier.verify(token);
      await expect(verifier.verify(withPart(token, index, change))).rejects.toBeInstanceOf(UnauthorizedError);
    });
  });

  it('refuses a token whose session the revocation check names', async () => {
    const revoking = new AccessTokenVerifier(keysOf(signer), ISSUER, (claims) => claims.sid === session.sid);
    await expect(revoking.verify(accessToken())).rejects.toMatchObject({ status: 401 });
  });
});

describe('verified tokens are remembered', () => {
  function countingKeys() {
    const lookup = keysOf(signer);
    const counted = { lookups: 0 };
    const keys = (kid: string) => {
      counted.lookups++;
      return lookup(kid);
    };
    return { keys, counted };
  }

  it('verifies the signature of a token once, however often it is presented', async () => {
    const { keys, counted } = countingKeys();
    const remembering = new AccessTokenVerifier(keys, ISSUER);
    const token = accessToken();
    for (let i = 0; i < 5; i++) await remembering.verify(token);
    expect(counted.lookups).toBe(1);
  });

  it('still checks revocation on every call', async () => {
    const revoked = new Set<string>();
    const remembering = new AccessTokenVerifier(keysOf(signer), ISSUER, (claims) => revoked.has(claims.sid));
    const token = accessToken();
    await remembering.verify(token);
    revoked.add(session.sid);
    await expect(remembering.verify(token)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a remembered token once it has expired', async () => {
    let now = Date.now();
    const remembering = new AccessTokenVerifier(
      keysOf(signer),
      ISSUER,
      () => false,
      () => now,
    );
    const token = accessToken({}, 45);
    await remembering.verify(token);
    now += 45_000 + 30_000; // past exp and the clock-skew allowance
    await expect(remembering.verify(token)).rejects.toMatchObject({ status: 401 });
  });

  it('verifies the signature again after a minute, so a withdrawn key stops working', async () => {
    let now = Date.now();
    const { keys, counted } = countingKeys();
    const remembering = new AccessTokenVerifier(
      keys,
      ISSUER,
      () => false,
      () => now,
    );
    const token = accessToken();
    await remembering.verify(token);
    now += 61_000;
    await remembering.verify(token);
    expect(counted.lookups).toBe(2);
  });

  it('does not let a tampered copy of a remembered token through', async () => {
    const remembering = new AccessTokenVerifier(keysOf(signer), ISSUER);
    const token = accessToken();
    await remembering.verify(token);
    const tampered = reencode(token, (p) => (p.role = 'admin'), 1);
    await expect(remembering.verify(tampered)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
