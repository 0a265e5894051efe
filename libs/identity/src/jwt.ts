import { createPublicKey, type JsonWebKey, type KeyObject, randomUUID, sign, verify } from 'node:crypto';
import { UnauthorizedError } from '@shop/platform';
import type { z } from 'zod';

// EdDSA (Ed25519) with node:crypto: pinned algorithm, ~2x the verifications/s of WebCrypto here.
const ALGORITHM = 'EdDSA';
/** How long past `exp` a token is still accepted (clocks of issuer and verifier may differ). */
export const CLOCK_SKEW_SECONDS = 30;

/** Finds the public key of a `kid`; undefined when unknown. */
export type KeyLookup = (kid: string) => Promise<KeyObject | undefined> | KeyObject | undefined;

/** Signs JWTs with one Ed25519 private key and publishes its public half as a JWKS. */
export class TokenSigner {
  private readonly header: string;
  readonly publicJwk: JsonWebKey & { kid: string; alg: string; use: string };

  constructor(
    private readonly privateKey: KeyObject,
    readonly kid: string,
    readonly issuer: string,
  ) {
    this.header = base64url(JSON.stringify({ alg: ALGORITHM, typ: 'JWT', kid }));
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    this.publicJwk = { ...jwk, kid, alg: ALGORITHM, use: 'sig' };
  }

  /** Signs claims with `iss`, `iat`, `exp` and a fresh `jti` added. */
  sign(claims: Record<string, unknown>, ttlSeconds: number, now = Date.now()): string {
    const iat = Math.floor(now / 1000);
    const payload = { ...claims, iss: this.issuer, iat, exp: iat + ttlSeconds, jti: randomUUID() };
    const signingInput = `${this.header}.${base64url(JSON.stringify(payload))}`;
    const signature = sign(null, Buffer.from(signingInput), this.privateKey);
    return `${signingInput}.${signature.toString('base64url')}`;
  }

  jwks(): { keys: Array<JsonWebKey & { kid: string }> } {
    return { keys: [this.publicJwk] };
  }
}

/**
 * Verifies a compact JWT: header `alg` must be EdDSA and its `kid` known, the signature valid,
 * `exp` in the future, `iss` as expected; then the claims must match `schema` (audience, type).
 * Any failure is the same 401, so a probe learns nothing about why.
 */
export async function verifyJwt<T extends z.ZodType>(
  token: string,
  keys: KeyLookup,
  { issuer, schema, now = Date.now() }: { issuer: string; schema: T; now?: number },
): Promise<z.infer<T>> {
  const parts = token.split('.');
  if (parts.length !== 3) throw invalidToken();
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  const signature = decodeCanonical(encodedSignature);
  if (!signature) throw invalidToken();
  const header = decodeJson(encodedHeader);
  if (header?.alg !== ALGORITHM || typeof header.kid !== 'string') throw invalidToken();
  const key = await keys(header.kid);
  if (!key) throw invalidToken();
  if (!verify(null, Buffer.from(`${encodedHeader}.${encodedPayload}`), key, signature)) throw invalidToken();
  const payload = decodeJson(encodedPayload);
  const seconds = Math.floor(now / 1000);
  if (typeof payload?.exp !== 'number' || payload.exp + CLOCK_SKEW_SECONDS <= seconds) throw invalidToken();
  if (payload.iss !== issuer) throw invalidToken();
  const claims = schema.safeParse(payload);
  if (!claims.success) throw invalidToken();
  return claims.data;
}

function invalidToken(): UnauthorizedError {
  return new UnauthorizedError('The token is missing, invalid, expired or revoked', undefined, {
    'www-authenticate': 'Bearer error="invalid_token"',
  });
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes base64url only in its one canonical spelling (no padding, no other characters, the
 * unused bits of the last character zero): a token has exactly one accepted text, so no altered
 * copy of it verifies (Buffer alone ignores junk and 15 variants of the last character).
 */
function decodeCanonical(segment: string): Buffer | null {
  if (!BASE64URL.test(segment)) return null;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : null;
}

function decodeJson(segment: string): Record<string, unknown> | null {
  const bytes = decodeCanonical(segment);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
