import type { HttpBindings } from '@hono/node-server';
import { isSmallDeclaredBody } from '@shop/platform';

type FetchHandler = (request: Request, env?: HttpBindings) => Response | Promise<Response>;

/**
 * Wraps the app's fetch so a request whose body the platform's body limit may read (chunked or large)
 * reaches it without that body. The proxy streams every body straight from the Node request
 * (`env.incoming`) under the route's limit; the platform's body limit would otherwise read a chunked
 * upload whole into memory, and merely touching the web body starts draining the socket into a stream
 * nobody reads. A small body of declared length it never reads, so that request (an order, a sign-in)
 * goes as it is: a bodiless copy costs a whole web Request per request.
 */
export function keepBodiesOnTheSocket(fetch: FetchHandler): FetchHandler {
  return function fetchWithoutBody(request, env) {
    if (!env || !mayBeRead(env.incoming.headers)) return fetch(request, env);
    const bodiless = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      signal: request.signal,
    });
    return fetch(bodiless, env);
  };
}

function mayBeRead(headers: HttpBindings['incoming']['headers']): boolean {
  const length = headers['content-length'];
  const chunked = headers['transfer-encoding'] !== undefined;
  if (!chunked && length === undefined) return false;
  return !isSmallDeclaredBody(length, chunked);
}
