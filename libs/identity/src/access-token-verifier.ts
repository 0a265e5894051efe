import { createPublicKey } from 'node:crypto';
import { UnauthorizedError } from '@shop/platform';
import { type AccessClaims, accessClaimsSchema, type Principal, principalOf } from './claims.js';
import { type KeyLookup, type TokenSigner, verifyJwt } from './jwt.js';
import { VerifiedTokens } from './verified-tokens.js';

/** Decides whether verified claims were revoked since they were issued (the gateway's revocation set). */
export type RevocationCheck = (claims: AccessClaims) => boolean;

/**
 * Turns a bearer access token into the caller, or a 401. A token's signature is verified once and its
 * claims remembered until it expires (at most a minute); revocation is checked on every call.
 */
export class AccessTokenVerifier {
  private readonly verified: VerifiedTokens;

  constructor(
    private readonly keys: KeyLookup,
    private readonly issuer: string,
    private readonly isRevoked: RevocationCheck = () => false,
    private readonly now: () => number = Date.now,
  ) {
    this.verified = new VerifiedTokens(now);
  }

  async verify(token: string): Promise<{ claims: AccessClaims; principal: Principal }> {
    const claims = this.verified.claimsOf(token) ?? (await this.verifySignature(token));
    if (this.isRevoked(claims)) {
      throw new UnauthorizedError('The token has been revoked', undefined, {
        'www-authenticate': 'Bearer error="invalid_token"',
      });
    }
    return { claims, principal: principalOf(claims) };
  }

  private async verifySignature(token: string): Promise<AccessClaims> {
    const claims = await verifyJwt(token, this.keys, {
      issuer: this.issuer,
      schema: accessClaimsSchema,
      now: this.now(),
    });
    this.verified.remember(token, claims);
    return claims;
  }
}

/** A key lookup that knows only the signer's own key (tests, and auth verifying its own tokens). */
export function keysOf(signer: TokenSigner): KeyLookup {
  const publicKey = createPublicKey({ key: signer.publicJwk, format: 'jwk' });
  return (kid) => (kid === signer.kid ? publicKey : undefined);
}
