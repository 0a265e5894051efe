import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { answerClientErrors } from './client-errors.js';
import { exitOnUncaughtErrors } from './fatal-errors.js';
import { ClosingWhenBodyUnread, discardUnreadBodies } from './unread-bodies.js';

export interface HttpServer {
  port: number;
  /** Stops accepting connections and resolves when in-flight requests have finished. */
  close(): Promise<void>;
}

/**
 * Serves a fetch handler on `port` (0 picks a free one) of `hostname` (default every interface) and
 * resolves once listening. An answer given before the request body was read reaches the client: see
 * discardUnreadBodies. Rejects when it cannot listen (EADDRINUSE, EACCES).
 */
export function serveHttp(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  hostname = '0.0.0.0',
): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch,
        port,
        hostname,
        serverOptions: { ServerResponse: ClosingWhenBodyUnread },
        // Its own clean-up drains for 500 ms (stalled if a web stream paused the body), then closes with
        // bytes unread: a TCP reset that loses the answer. discardUnreadBodies replaces it.
        autoCleanupIncoming: false,
      },
      (info: AddressInfo) => {
        server.off('error', reject);
        resolve({ port: info.port, close });
      },
    ) as Server;
    // A port in use (or not allowed) fails the start instead of throwing from an event.
    server.once('error', reject);
    discardUnreadBodies(server);
    answerClientErrors(server);
    const startDraining = endKeepAliveWhenDraining(server);
    function close(): Promise<void> {
      startDraining();
      return new Promise((done) => server.close(() => done()));
    }
  });
}

/**
 * Once draining, every answer (in flight or arriving on a kept-alive connection) carries
 * `Connection: close`: pooled clients stop sending work and close() need not wait for idle sockets.
 */
function endKeepAliveWhenDraining(server: Server): () => void {
  let draining = false;
  const unanswered = new Set<ServerResponse>();
  const closeAfterAnswer = (response: ServerResponse) => {
    if (!response.headersSent) response.setHeader('connection', 'close');
  };
  server.on('request', function trackUnanswered(_request, response: ServerResponse) {
    if (draining) return closeAfterAnswer(response);
    unanswered.add(response);
    response.once('close', () => unanswered.delete(response));
  });
  return function startDraining() {
    draining = true;
    unanswered.forEach(closeAfterAnswer);
  };
}

/** One step of an orderly stop, e.g. 'http' or 'consumers'. */
export interface ShutdownStep {
  name: string;
  stop: () => Promise<void>;
}

/**
 * On SIGTERM or SIGINT runs the steps in order (stop taking work, drain, close pools),
 * then exits 0; exits 1 when they take longer than `timeoutMs`. Installs the fatal-error policy too
 * (exitOnUncaughtErrors): an error nothing caught is logged as fatal and the process exits 1.
 */
export function handleShutdown(logger: Logger, timeoutMs: number, steps: ShutdownStep[]): void {
  exitOnUncaughtErrors(logger);
  let stopping = false;
  async function shutdown(signal: NodeJS.Signals) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    for (const step of steps) {
      try {
        await step.stop();
      } catch (error) {
        logger.warn({ err: error, step: step.name }, 'shutdown step failed');
      }
    }
    logger.info('stopped');
    process.exit(0);
  }
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
