// Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus `host`, which
// undici sets for the upstream, and `expect`, which Node's server has already answered.
const connectionHeaders = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'expect',
]);

/** True for a header that must not cross the proxy in either direction. */
export function isHopByHop(name: string): boolean {
  return connectionHeaders.has(name) || name.startsWith('proxy-');
}

/** The extra header names a `Connection` header marks as hop-by-hop, e.g. `Connection: close, x-trace`. */
export function namedByConnection(value: string | undefined): Set<string> | undefined {
  const lower = value?.toLowerCase();
  if (!lower || lower === 'keep-alive' || lower === 'close') return undefined;
  return new Set(lower.split(',').map((name) => name.trim()));
}
