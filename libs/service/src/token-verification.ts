import { AccessTokenVerifier, internalTokenSetting, JwksKeyStore, type KeyLookup } from '@shop/identity';
import type { Broker } from '@shop/messaging';
import type { Logger } from '@shop/platform';
import { z } from 'zod';
import { type RevocationWatch, startRevocationWatch } from './revocations/revocation-watch.js';

/** The settings of a process verifying access tokens, for its config schema to extend with. */
export const tokenSettingsShape = {
  AUTH_URL: z.url().default('http://127.0.0.1:8081'),
  JWT_ISSUER: z.string().min(1).default('shop-auth'),
  /** The shared secret sent to auth's internal routes (the revocation list); required in production. */
  INTERNAL_TOKEN: internalTokenSetting,
};

/** Where a process verifying access tokens finds auth, and the issuer it trusts. */
export interface TokenSettings {
  AUTH_URL: string;
  INTERNAL_TOKEN: string;
  JWT_ISSUER: string;
}

/** How a process checks bearer tokens: auth's keys, and the revocations it keeps current. */
export interface TokenVerification {
  verifier: AccessTokenVerifier;
  revocations: RevocationWatch;
}

/**
 * A verifier of access tokens with auth's keys (its JWKS at AUTH_URL unless `keys`) and a revocation
 * watch fed over `broker` (unless `revocations`: tests without auth pass fixedRevocations).
 */
export async function startTokenVerification(
  settings: TokenSettings,
  {
    broker,
    logger,
    keys,
    revocations,
  }: {
    broker: Broker;
    logger: Logger;
    keys?: KeyLookup | undefined;
    revocations?: RevocationWatch | undefined;
  },
): Promise<TokenVerification> {
  const watch =
    revocations ??
    (await startRevocationWatch({
      broker,
      authUrl: settings.AUTH_URL,
      internalToken: settings.INTERNAL_TOKEN,
      logger,
    }));
  const lookup = keys ?? new JwksKeyStore({ url: `${settings.AUTH_URL}/.well-known/jwks.json` }).lookup;
  return { verifier: new AccessTokenVerifier(lookup, settings.JWT_ISSUER, watch.check), revocations: watch };
}
