import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { PayloadTooLargeError } from '@shop/platform';

/**
 * The body to send upstream, streamed from the client's socket, never buffered whole.
 * A declared Content-Length over the limit is refused before a byte is read; a chunked body is
 * counted as it flows and fails with 413 the moment it passes the limit.
 */
export function requestBody(incoming: IncomingMessage, limitBytes: number): Readable | null {
  const declared = incoming.headers['content-length'];
  if (declared !== undefined) {
    const length = Number(declared);
    if (length > limitBytes) throw tooLarge(limitBytes);
    // Node's parser stops the body at Content-Length, so no counting is needed.
    return length === 0 ? null : incoming;
  }
  if (!incoming.headers['transfer-encoding']) return null;
  return Readable.from(limitedChunks(incoming, limitBytes), { objectMode: false });
}

async function* limitedChunks(incoming: IncomingMessage, limitBytes: number): AsyncGenerator<Buffer> {
  let received = 0;
  // Leaving the loop must not destroy the socket: the client still has to read our 413.
  for await (const chunk of incoming.iterator({ destroyOnReturn: false })) {
    received += (chunk as Buffer).length;
    if (received > limitBytes) throw tooLarge(limitBytes);
    yield chunk as Buffer;
  }
}

function tooLarge(limitBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The request body exceeds ${limitBytes} bytes`);
}
