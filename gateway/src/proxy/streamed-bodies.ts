import type { IncomingHttpHeaders } from 'node:http';
import type { HttpBindings } from '@hono/node-server';

type FetchHandler = (request: Request, env?: HttpBindings) => Response | Promise<Response>;

/**
 * Wraps the app's fetch so a request reaches it without its body. The proxy streams every body
 * straight from the Node request (`env.incoming`) under the route's limit; the platform's body limit
 * would otherwise read a chunked upload whole into memory, and merely touching the web body starts
 * draining the socket into a stream nobody reads.
 */
export function keepBodiesOnTheSocket(fetch: FetchHandler): FetchHandler {
  return function fetchWithoutBody(request, env) {
    if (!env || !hasBody(env.incoming.headers)) return fetch(request, env);
    const bodiless = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      signal: request.signal,
    });
    return fetch(bodiless, env);
  };
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
