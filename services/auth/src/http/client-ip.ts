import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The client's address: the rightmost X-Forwarded-For entry (the one the gateway appended from
 * its peer; entries left of it are the client's own claims), else the socket's peer, else 'unknown'.
 * Auth sits behind the gateway, so only the gateway can reach it with this header.
 */
export function clientIp(c: Context): string {
  const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
  if (forwarded && isIP(forwarded)) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
