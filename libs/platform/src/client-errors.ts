import { type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { problemOf } from './problem.js';

/** A request's head must arrive within this (slow-header clients), the whole request within REQUEST_TIMEOUT_MS. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** Node's default: a 1M-row import is read as fast as it is written, ~90 s here, longer on a busy host. */
export const REQUEST_TIMEOUT_MS = 300_000;

// What Node's parser refuses before the app sees a request, and how it is answered.
const refusals: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request line and headers may take 16 KiB at most' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request did not arrive in time' },
};

/**
 * Bounds how long a client may take to send a request, and answers what Node refuses before the app
 * (a head over 16 KiB, a request too slow, a malformed one) with a problem+json, as every other refusal
 * is answered, where Node's own answers carry no body. The connection is closed after it.
 */
export function answerClientErrors(server: Server): void {
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.on('clientError', function answerClientError(error: NodeJS.ErrnoException, socket: Socket) {
    // A reset client, or one whose answer has started: nothing can be written any more.
    const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || answering?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, detail } = refusals[error.code ?? ''] ?? {
      status: 400,
      detail: 'Malformed HTTP request',
    };
    const title = STATUS_CODES[status] ?? 'Bad Request';
    const body = JSON.stringify(problemOf(status, title, detail));
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
