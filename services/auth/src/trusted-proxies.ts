import { BlockList, isIP } from 'node:net';
import { commaListSetting } from '@shop/platform';
import { z } from 'zod';

/** Where `npm start` runs the gateway: the loopback addresses. */
export const DEFAULT_TRUSTED_PROXIES = '127.0.0.0/8,::1';

function parseEntry(entry: string): { address: string; prefix?: number } | undefined {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return undefined;
  if (prefix === undefined) return { address };
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  return bits <= (family === 4 ? 32 : 128) ? { address, prefix: bits } : undefined;
}

/**
 * TRUSTED_PROXIES: comma-separated addresses and CIDR ranges whose X-Forwarded-For auth believes
 * (empty: none), as a BlockList to check peers against.
 */
export const trustedProxiesSetting = commaListSetting(DEFAULT_TRUSTED_PROXIES).transform((entries, ctx) => {
  const invalid = entries.filter((entry) => !parseEntry(entry));
  if (invalid.length > 0) {
    ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR range: ${invalid.join(', ')}` });
    return z.NEVER;
  }
  const list = new BlockList();
  for (const entry of entries) {
    const { address, prefix } = parseEntry(entry) as { address: string; prefix?: number };
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, prefix, family);
  }
  return list;
});
