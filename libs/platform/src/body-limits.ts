import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from './errors.js';
import { DRAIN_MAX_BYTES } from './unread-bodies.js';

/** A route whose bodies may be larger (or must be smaller) than the app's limit, e.g. an upload. */
export interface RouteBodyLimit {
  method: string;
  path: string;
  maxBytes: number;
}

/** The largest request body a route accepts. */
export type BodyLimitOf = (method: string, path: string) => number;

/** The limit of `method path`: its own when `routes` names it, else `defaultBytes`. */
export function bodyLimitOf(defaultBytes: number, routes: RouteBodyLimit[] = []): BodyLimitOf {
  const byRoute = new Map(routes.map((route) => [`${route.method} ${route.path}`, route.maxBytes]));
  return function limitOf(method, path) {
    return byRoute.get(`${method} ${path}`) ?? defaultBytes;
  };
}

/**
 * Refuses (413) a request body larger than its route's limit. A small body of declared length (JSON,
 * a form) is checked by its Content-Length alone (Node's parser ends the body there) and stays on the
 * socket for the handler to read directly: touching the web body would build a web Request and a
 * stream for every POST. A larger or chunked body is counted as it is read, through the web body, which
 * also keeps a body answered early from being dropped unread by Node beyond the discard bounds (see
 * unread-bodies.ts).
 */
export function limitRequestBodies(limitOf: BodyLimitOf): MiddlewareHandler {
  const limiters = new Map<number, MiddlewareHandler>();
  const limiterOf = (maxSize: number) => {
    let limiter = limiters.get(maxSize);
    if (!limiter) {
      limiter = bodyLimit({
        maxSize,
        onError: () => {
          throw new PayloadTooLargeError(`The request body exceeds ${maxSize} bytes`);
        },
      });
      limiters.set(maxSize, limiter);
    }
    return limiter;
  };
  return function limitRequestBody(c, next) {
    const declared = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    if (!chunked && declared === undefined) return next();
    const maxSize = limitOf(c.req.method, c.req.path);
    if (isSmallDeclaredBody(declared, chunked) && Number(declared) <= maxSize) return next();
    return limiterOf(maxSize)(c, next);
  };
}

/**
 * True for a body limitRequestBodies never reads (the declared length of a small, unchunked body is
 * the whole check); any other body it may read through the web body.
 */
export function isSmallDeclaredBody(contentLength: string | undefined, chunked: boolean): boolean {
  return !chunked && contentLength !== undefined && Number(contentLength) <= DRAIN_MAX_BYTES;
}
