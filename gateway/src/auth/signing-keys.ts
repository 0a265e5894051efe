import { JwksKeyStore, retryWithBackoff } from '@shop/identity';
import type { Logger } from '@shop/platform';

export interface SigningKeysOptions {
  /** Auth's key set, e.g. http://127.0.0.1:8081/.well-known/jwks.json */
  jwksUrl: string;
  logger: Logger;
  /** How often an unknown `kid` may trigger a refetch (key rotation). */
  refetchCooldownMs: number;
}

/**
 * Auth's public keys for verifying access tokens: a JWKS key store, loaded eagerly at start (in the
 * background, retrying while auth is away) so readiness can tell whether tokens can be verified yet.
 */
export class SigningKeys {
  readonly store: JwksKeyStore;
  private loaded = false;
  private readonly stopped = new AbortController();

  constructor(private readonly options: SigningKeysOptions) {
    this.store = new JwksKeyStore({ url: options.jwksUrl, refetchCooldownMs: options.refetchCooldownMs });
  }

  /** Starts loading the keys; returns at once. */
  load(): void {
    void retryWithBackoff(() => this.loadOnce(), {
      logger: this.options.logger,
      what: 'load the JWKS from auth',
      signal: this.stopped.signal,
    });
  }

  /** True once the store holds auth's keys. */
  isLoaded(): boolean {
    return this.loaded;
  }

  stop(): void {
    this.stopped.abort();
  }

  // The store does not say whether a refresh worked, so ask it for a kid the JWKS names.
  private async loadOnce(): Promise<void> {
    const response = await fetch(this.options.jwksUrl, { signal: AbortSignal.timeout(3_000) });
    if (!response.ok) throw new Error(`auth answered ${response.status}`);
    const { keys } = (await response.json()) as { keys?: Array<{ kid?: unknown }> };
    const kid = keys?.find((key) => typeof key.kid === 'string')?.kid as string | undefined;
    if (!kid) throw new Error('the JWKS holds no keys');
    await this.store.refresh();
    if (!(await this.store.lookup(kid))) throw new Error('the JWKS keys could not be loaded');
    this.loaded = true;
    this.options.logger.info({ kid }, 'JWKS loaded');
  }
}
