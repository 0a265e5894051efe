import {
  type IncomingMessage,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
  type Server,
  ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';

/** An unread body the answer leaves behind is drained, keeping the connection, only up to this size. */
export const DRAIN_MAX_BYTES = 1024 * 1024;
/** After the answer the rest of a body is read and thrown away for at most this long, then the connection is cut. */
export const DISCARD_MAX_MS = 2_000;
/** ...and at most this many bytes of it. */
export const DISCARD_MAX_BYTES = 16 * 1024 * 1024;

type Headers = OutgoingHttpHeaders | OutgoingHttpHeader[];

/**
 * A response that, written while a large or unsized request body is still unread (a 401, 413... given
 * before the upload arrived), tells the client `Connection: close`, so it sends no next request on a
 * connection that still carries the rest of the upload.
 */
export class ClosingWhenBodyUnread<
  Incoming extends IncomingMessage = IncomingMessage,
> extends ServerResponse<Incoming> {
  override writeHead(statusCode: number, messageOrHeaders?: string | Headers, headers?: Headers): this {
    if (!this.headersSent && tooLargeToDrain(this.req)) this.setHeader('connection', 'close');
    return typeof messageOrHeaders === 'string'
      ? super.writeHead(statusCode, messageOrHeaders, headers)
      : super.writeHead(statusCode, messageOrHeaders);
  }
}

function tooLargeToDrain(request: IncomingMessage): boolean {
  if (request.complete) return false;
  const length = request.headers['content-length'];
  if (length === undefined) return request.headers['transfer-encoding'] !== undefined;
  return Number(length) > DRAIN_MAX_BYTES;
}

/**
 * Makes an answer given before the request body was read reach every client (undici, curl, browsers):
 * once the answer is written, the rest of the body is read and discarded within DISCARD_MAX_MS and
 * DISCARD_MAX_BYTES, and a connection is closed only after that lingering (as nginx does). Closing a
 * socket with unread bytes sends a TCP reset, which makes the client's kernel drop the answer unread.
 */
export function discardUnreadBodies(server: Server): void {
  server.on('connection', function lingerBeforeClosing(socket: Socket) {
    // Node closes a `Connection: close` connection with destroySoon once the answer is flushed.
    socket.destroySoon = () => lingeringClose(socket);
  });
  server.on('request', function discardAfterAnswer(request: IncomingMessage, response: ServerResponse) {
    response.once('finish', () => {
      if (bodyLeftOver(request)) discardRest(request);
    });
  });
}

/** Bytes of the body still to arrive, or arrived but unread (a paused reader stalls the next request). */
function bodyLeftOver(request: IncomingMessage): boolean {
  if (request.destroyed || request.readableEnded) return false;
  return !request.complete || request.readableLength > 0;
}

function lingeringClose(socket: Socket): void {
  if (socket.destroyed) return;
  // Our FIN goes after the answer; reading goes on, so the client's remaining bytes never meet a closed socket.
  socket.end();
  const cutOff = setTimeout(() => socket.destroy(), DISCARD_MAX_MS);
  cutOff.unref();
  socket.once('close', () => clearTimeout(cutOff));
}

/** Takes the body from whoever stopped reading it (a web stream, the proxy) and throws it away. */
function discardRest(request: IncomingMessage): void {
  const socket = request.socket;
  const cutOff = setTimeout(() => socket.destroy(), DISCARD_MAX_MS);
  cutOff.unref();
  let discarded = 0;
  request.unpipe();
  request.removeAllListeners('data');
  request.removeAllListeners('readable');
  request.on('data', function discard(chunk: Buffer) {
    discarded += chunk.length;
    if (discarded > DISCARD_MAX_BYTES) socket.destroy();
  });
  const stopCutOff = () => clearTimeout(cutOff);
  request.once('end', stopCutOff);
  request.once('close', stopCutOff);
  request.resume();
}
