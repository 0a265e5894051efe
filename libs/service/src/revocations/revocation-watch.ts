import type { EventType } from '@shop/contracts';
import { type RevocationCheck, RevocationLoader, RevocationSet } from '@shop/identity';
import type { Broker } from '@shop/messaging';
import { startInstanceConsumer } from '@shop/messaging';
import { type Logger, ServiceUnavailableError } from '@shop/platform';
import { revocationHandlers } from './revocation-events.js';

const REVOCATION_EVENTS: EventType[] = ['session.revoked', 'user.deleted'];
const PRUNE_INTERVAL_MS = 60_000;
/** What a client is told to wait while the set is being brought up to date (a load takes milliseconds). */
const RETRY_AFTER_SECONDS = 1;
/** While the events do not arrive (broker away), auth's list is polled this often instead... */
const POLL_INTERVAL_MS = 500;
/** ...and a set loaded this recently still counts as current, so a broker outage refuses no one. */
const POLLED_SET_TRUSTED_MS = 1_500;

export interface RevocationWatchOptions {
  broker: Broker;
  /** Auth's base URL: its GET /internal/revocations is loaded after every (re)subscription. */
  authUrl: string;
  /** The shared secret of internal routes (INTERNAL_TOKEN). */
  internalToken: string;
  logger: Logger;
}

export interface RevocationWatch {
  /**
   * The verifier's revocation check: true for a revoked session or deleted user; a 503 (Retry-After)
   * while the set is not known to be current, so a revoked token never slips through a stale set.
   */
  check: RevocationCheck;
  /** True while the events arrive and the load since the latest subscription has succeeded (readiness). */
  isCurrent(): boolean;
  stop(): Promise<void>;
}

/**
 * Keeps this process's revocation set: `session.revoked` and `user.deleted` on an exclusive,
 * auto-deleted queue of its own (every replica sees every revocation), plus auth's list of live
 * revocations loaded after every (re)subscription for what happened while it was not listening, and
 * polled every half second while the events do not arrive. Only when neither is current (broker and
 * auth both away) are signed-in requests refused with 503: a revoked token never slips through.
 * The gateway and every service verifying tokens keep one, so going around the gateway gains nothing.
 */
export async function startRevocationWatch(options: RevocationWatchOptions): Promise<RevocationWatch> {
  const { broker, authUrl, internalToken, logger } = options;
  const revocations = new RevocationSet();
  const loader = new RevocationLoader({
    url: `${authUrl}/internal/revocations`,
    internalToken,
    revocations,
    logger,
  });
  const consumer = await startInstanceConsumer({
    broker,
    service: 'gateway',
    routingKeys: REVOCATION_EVENTS,
    handlers: revocationHandlers(revocations),
    logger,
    onSubscribed: () => loader.reload(),
  });
  const pruning = setInterval(() => revocations.prune(), PRUNE_INTERVAL_MS).unref();
  // Until when the set was known complete through the events; a loss of them starts the polling.
  let eventsCurrentAt = Number.NEGATIVE_INFINITY;
  const eventsCurrent = () => {
    const current = consumer.isSubscribed() && loader.isFresh();
    if (current) eventsCurrentAt = Date.now();
    return current;
  };
  const polling = setInterval(() => {
    if (!eventsCurrent()) loader.reload();
  }, POLL_INTERVAL_MS).unref();
  const isCurrent = () =>
    eventsCurrent() || Date.now() - Math.max(eventsCurrentAt, loader.loadedAsOf()) < POLLED_SET_TRUSTED_MS;

  return {
    check(claims) {
      if (!isCurrent()) {
        throw new ServiceUnavailableError(
          'Revocations are being brought up to date; signed-in requests are refused meanwhile',
          undefined,
          { 'retry-after': String(RETRY_AFTER_SECONDS) },
        );
      }
      return revocations.isRevoked(claims);
    },
    isCurrent,
    async stop() {
      clearInterval(pruning);
      clearInterval(polling);
      loader.stop();
      await consumer.stop();
    },
  };
}

/** A watch that is always current and answers `check` (tests of a service without auth). */
export function fixedRevocations(check: RevocationCheck = () => false): RevocationWatch {
  return { check, isCurrent: () => true, stop: async () => {} };
}
