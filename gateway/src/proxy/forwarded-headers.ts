import { currentTraceHeaders } from '@shop/messaging';
import { isHopByHop, namedByConnection } from './hop-by-hop.js';

/** What the gateway knows about the client connection and adds to the forwarded request. */
export interface ClientConnection {
  requestId: string;
  address: string;
  protocol: 'http' | 'https';
  host: string | undefined;
}

// The gateway is the edge: these are its own statements about the request, never the client's.
const setByGateway = new Set(['x-request-id', 'x-forwarded-proto', 'x-forwarded-host']);
const traceContextHeaders = new Set(['traceparent', 'tracestate']);

/**
 * The headers of the upstream request, as undici's flat `[name, value, …]` list: the client's
 * headers minus hop-by-hop ones, with the gateway's request id, the client's address appended to
 * `x-forwarded-for`, and `x-forwarded-proto` / `x-forwarded-host`. `authorization` passes unchanged.
 * With tracing on, the trace context is the gateway's own span (a child of the client's).
 */
export function forwardedRequestHeaders(rawHeaders: readonly string[], client: ClientConnection): string[] {
  const forwarded: string[] = [];
  let connection: string | undefined;
  let forwardedFor: string | undefined;
  const trace = currentTraceHeaders();
  const ownTrace = trace.traceparent !== undefined;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase();
    const value = rawHeaders[index + 1] as string;
    if (name === 'connection') connection = connection ? `${connection},${value}` : value;
    else if (name === 'x-forwarded-for') forwardedFor = forwardedFor ? `${forwardedFor}, ${value}` : value;
    else if (ownTrace && traceContextHeaders.has(name)) continue;
    else if (!isHopByHop(name) && !setByGateway.has(name)) forwarded.push(name, value);
  }
  const listed = namedByConnection(connection);
  const kept = listed ? withoutNamed(forwarded, listed) : forwarded;
  kept.push('x-request-id', client.requestId);
  kept.push('x-forwarded-for', forwardedFor ? `${forwardedFor}, ${client.address}` : client.address);
  kept.push('x-forwarded-proto', client.protocol);
  if (client.host) kept.push('x-forwarded-host', client.host);
  if (ownTrace) for (const [name, value] of Object.entries(trace)) kept.push(name, value);
  return kept;
}

function withoutNamed(flat: string[], names: Set<string>): string[] {
  const kept: string[] = [];
  for (let index = 0; index < flat.length; index += 2) {
    const name = flat[index] as string;
    if (!names.has(name)) kept.push(name, flat[index + 1] as string);
  }
  return kept;
}
