import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface JwksKeyStoreOptions {
  /** Where auth publishes its keys, e.g. http://127.0.0.1:8081/.well-known/jwks.json */
  url: string;
  /** An unknown kid triggers a refetch at most this often (a flood of bogus kids costs one fetch). */
  refetchCooldownMs?: number;
  fetchTimeoutMs?: number;
}

/** Public keys by `kid`, fetched from a JWKS URL, cached, refetched when an unknown kid shows up. */
export class JwksKeyStore {
  private keys = new Map<string, KeyObject>();
  private lastFetch = 0;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly options: JwksKeyStoreOptions) {}

  /** The key for `kid`, refreshing the set once if it is not known yet. */
  readonly lookup = async (kid: string): Promise<KeyObject | undefined> => {
    const known = this.keys.get(kid);
    if (known) return known;
    // A fetch under way may bring the key: wait for it rather than answer "unknown" meanwhile.
    if (this.inFlight) await this.inFlight;
    else if (Date.now() - this.lastFetch >= (this.options.refetchCooldownMs ?? 10_000)) await this.refresh();
    return this.keys.get(kid);
  };

  /** Fetches the key set now (concurrent callers share one request). */
  refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    this.lastFetch = Date.now();
    const response = await fetch(this.options.url, {
      signal: AbortSignal.timeout(this.options.fetchTimeoutMs ?? 3_000),
    }).catch(() => null);
    if (!response?.ok) return;
    const { keys } = (await response.json()) as { keys?: Array<JsonWebKey & { kid?: string; alg?: string }> };
    const next = new Map<string, KeyObject>();
    for (const jwk of keys ?? []) {
      if (jwk.kid && jwk.kty === 'OKP' && jwk.crv === 'Ed25519')
        next.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
    }
    if (next.size > 0) this.keys = next;
  }
}
