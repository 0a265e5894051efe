import { type BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** An address as a BlockList checks it: IPv4-mapped IPv6 ('::ffff:127.0.0.1') as plain IPv4. */
function normalised(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  return mapped ?? address;
}

function isTrusted(trusted: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * The client's address. X-Forwarded-For counts only when the socket's peer is a trusted proxy:
 * then its entries are walked from the right (each appended by the hop before) past trusted
 * proxies, and the first untrusted one is the client; anything left of it is the client's claim.
 */
export function clientIp(c: Context, trusted: BlockList): string {
  const peer = peerAddress(c);
  if (!peer) return 'unknown';
  let client = normalised(peer);
  if (!isTrusted(trusted, client)) return client;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => normalised(hop.trim()));
  for (const hop of hops.reverse()) {
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return client;
}
