import type { Logger } from '@shop/platform';
import { z } from 'zod';
import { internalCredentialHeaders } from './internal-credential.js';
import { retryWithBackoff } from './retry-with-backoff.js';
import type { RevocationSet } from './revocation-set.js';

/** What auth's `GET /internal/revocations` answers: every revocation whose tokens are still live. */
const userId = z.int().positive();
const expiresAt = z.iso.datetime({ offset: true });
const liveRevocationsSchema = z.object({
  sessions: z.array(z.object({ session_id: z.uuid(), user_id: userId, expires_at: expiresAt })),
  users: z.array(z.object({ user_id: userId, expires_at: expiresAt })),
});

export interface RevocationLoaderOptions {
  /** Auth's GET /internal/revocations. */
  url: string;
  /** The shared secret auth's internal routes ask for (INTERNAL_TOKEN). */
  internalToken: string;
  revocations: RevocationSet;
  logger: Logger;
  fetchTimeoutMs?: number;
}

/**
 * Loads the live revocations from auth into the set, after every (re)subscription to the events:
 * what was revoked while this instance was not listening is caught up this way. Retries in the
 * background while auth is away; `isFresh()` tells readiness whether the latest load succeeded.
 */
export class RevocationLoader {
  private requested = 0;
  private completed = 0;
  private running: Promise<void> | null = null;
  private latestLoadStartedAt = Number.NEGATIVE_INFINITY;
  private readonly stopped = new AbortController();

  constructor(private readonly options: RevocationLoaderOptions) {}

  /** Asks for a load that starts after this call; returns at once (until it succeeds, `isFresh()` is false). */
  reload(): void {
    this.requested++;
    this.running ??= this.loadUntilCurrent().finally(() => {
      this.running = null;
    });
  }

  /** True once a load requested by the latest `reload()` has succeeded. */
  isFresh(): boolean {
    return this.requested > 0 && this.completed === this.requested;
  }

  /** When the latest successful load was sent: the set holds every revocation made before then. */
  loadedAsOf(): number {
    return this.latestLoadStartedAt;
  }

  stop(): void {
    this.stopped.abort();
  }

  private async loadUntilCurrent(): Promise<void> {
    while (this.completed < this.requested && !this.stopped.signal.aborted) {
      const target = this.requested;
      await retryWithBackoff(() => this.loadOnce(), {
        logger: this.options.logger,
        what: 'load revocations from auth',
        // Signed-in requests wait for it (503): retry often, a load is one small GET.
        maxDelayMs: 2_000,
        signal: this.stopped.signal,
      });
      if (!this.stopped.signal.aborted) this.completed = target;
    }
  }

  private async loadOnce(): Promise<void> {
    const { url, internalToken, revocations, logger, fetchTimeoutMs = 3_000 } = this.options;
    const startedAt = Date.now();
    const response = await fetch(url, {
      headers: internalCredentialHeaders(internalToken),
      signal: AbortSignal.timeout(fetchTimeoutMs),
    });
    if (!response.ok) throw new Error(`auth answered ${response.status}`);
    const live = liveRevocationsSchema.parse(await response.json());
    for (const session of live.sessions)
      revocations.revokeSession(session.session_id, new Date(session.expires_at));
    for (const user of live.users) revocations.deleteUser(user.user_id, new Date(user.expires_at));
    this.latestLoadStartedAt = Math.max(this.latestLoadStartedAt, startedAt);
    logger.debug({ sessions: live.sessions.length, users: live.users.length }, 'revocations loaded');
  }
}
