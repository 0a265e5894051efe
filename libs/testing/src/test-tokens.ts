import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { ACCESS_AUDIENCE, type KeyLookup, keysOf, type Role, TokenSigner } from '@shop/identity';

/** A signing key of a test's own, standing in for auth's: a service under test trusts its `keys`. */
export interface TestTokens {
  keys: KeyLookup;
  issuer: string;
  /** A 15-minute access token of user `sub` with `role`, in a session of its own. */
  accessToken(sub: number | string, role: Role): string;
}

/** A fresh Ed25519 key signing access tokens as auth's would (issuer `shop-auth` unless given). */
export function testTokens(issuer = 'shop-auth'): TestTokens {
  const signer = new TokenSigner(generateKeyPairSync('ed25519').privateKey, 'k1', issuer);
  return {
    keys: keysOf(signer),
    issuer,
    accessToken(sub, role) {
      const claims = { sub: String(sub), sid: randomUUID(), typ: 'access', aud: ACCESS_AUDIENCE, role };
      return signer.sign(claims, 900);
    },
  };
}
