import type { AccessClaims } from './claims.js';

/** How long a verified token is trusted without checking its signature again (a withdrawn key bites within it). */
const TRUST_MS = 60_000;
/** Bounds memory: past this many tokens, the oldest verified one is forgotten. */
const MAX_TOKENS = 10_000;
const CLOCK_SKEW_MS = 30_000;

/**
 * The claims of tokens whose signature was already verified, keyed by the exact token text, until
 * the token expires or `TRUST_MS` passes: a client's every request need not pay for Ed25519 again.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { claims: AccessClaims; trustedUntil: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The claims of a token verified earlier and still within its lifetime; undefined otherwise. */
  claimsOf(token: string): AccessClaims | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (this.now() < entry.trustedUntil) return entry.claims;
    this.entries.delete(token);
    return undefined;
  }

  remember(token: string, claims: AccessClaims): void {
    if (this.entries.size >= MAX_TOKENS) this.entries.delete(this.entries.keys().next().value as string);
    const expires = claims.exp * 1000 + CLOCK_SKEW_MS;
    this.entries.set(token, { claims, trustedUntil: Math.min(expires, this.now() + TRUST_MS) });
  }
}
