import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from './errors.js';

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

/** Refuses (413) a request body larger than its route's limit. */
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
  // Touching the body of a body-less request (most GETs) costs a web Request per call: skip them.
  return function limitRequestBody(c, next) {
    if (!c.req.header('content-length') && !c.req.header('transfer-encoding')) return next();
    return limiterOf(limitOf(c.req.method, c.req.path))(c, next);
  };
}
