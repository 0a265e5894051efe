import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { isHopByHop } from './hop-by-hop.js';

/** An upstream answer ready for the client: status, end-to-end headers and the body (if any). */
export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Uint8Array<ArrayBuffer> | ReadableStream | null;
}

// Statuses whose response has no body by definition; a Response with a body would throw.
const bodilessStatuses = new Set([204, 205, 304]);
// A small answer of known size is read whole: one write to the client instead of a stream's several.
const BUFFERED_BODY_MAX_BYTES = 64 * 1024;

/** Reads an upstream answer's head; a large or unsized body streams through as it arrives. */
export async function upstreamAnswer(
  method: string,
  upstream: Dispatcher.ResponseData,
): Promise<UpstreamAnswer> {
  const { statusCode: status, body } = upstream;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value !== undefined && !isHopByHop(name)) headers[name] = value;
  }
  if (method === 'HEAD' || bodilessStatuses.has(status)) {
    body.dump().catch(() => {});
    return { status, headers, body: null };
  }
  const length = Number(upstream.headers['content-length'] ?? Number.NaN);
  if (length <= BUFFERED_BODY_MAX_BYTES) {
    return { status, headers, body: new Uint8Array(await body.arrayBuffer()) };
  }
  return { status, headers, body: Readable.toWeb(body) as ReadableStream };
}
