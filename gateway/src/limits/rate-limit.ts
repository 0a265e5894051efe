import { getConnInfo } from '@hono/node-server/conninfo';
import { TooManyRequestsError } from '@shop/platform';
import type { MiddlewareHandler } from 'hono';

const WINDOW_MS = 60_000;

/**
 * Allows each client IP `perMinute` requests per fixed one-minute window, then answers 429 with
 * `Retry-After` until the window ends. The counts live in this process: with N replicas behind a
 * load balancer a client may get up to N times the limit.
 */
export function rateLimitPerClient(perMinute: number): MiddlewareHandler {
  let windowStart = 0;
  let counts = new Map<string, number>();
  return async function limitRequestRate(c, next) {
    const now = Date.now();
    if (now - windowStart >= WINDOW_MS) {
      // A new window forgets every client at once, so memory stays bounded by one minute's clients.
      windowStart = now - (now % WINDOW_MS);
      counts = new Map();
    }
    const client = getConnInfo(c).remote.address ?? 'unknown';
    const count = (counts.get(client) ?? 0) + 1;
    counts.set(client, count);
    if (count > perMinute) {
      const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000));
      throw new TooManyRequestsError(
        `More than ${perMinute} requests per minute from this client`,
        undefined,
        { 'retry-after': String(retryAfterSeconds) },
      );
    }
    await next();
  };
}
