import { getConnInfo } from '@hono/node-server/conninfo';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import type { Dispatcher } from 'undici';
import { type GatewayContext, nodeRequestOf } from '../http/gateway-context.js';
import type { BodyLimitOf } from '../limits/body-limit.js';
import { forwardedRequestHeaders } from './forwarded-headers.js';
import { requestBody } from './request-body.js';
import { upstreamFailure } from './upstream-errors.js';
import { upstreamAnswer } from './upstream-response.js';
import type { Upstream } from './upstreams.js';

/**
 * A handler forwarding the request to `upstream` over its keep-alive pool: method, path and query
 * as received, headers as `forwardedRequestHeaders` makes them, the body streamed both ways.
 */
export function proxyTo(upstream: Upstream, bodyLimitOf: BodyLimitOf) {
  return async function proxyRequest(c: GatewayContext): Promise<Response> {
    const incoming = nodeRequestOf(c);
    const method = c.req.method;
    const url = c.req.url;
    const body = requestBody(incoming, bodyLimitOf(method, c.req.path));
    const signal = c.req.raw.signal;
    try {
      const answer = await upstream.pool.request({
        method: method as Dispatcher.HttpMethod,
        path: upstream.basePath + pathAndQuery(url),
        headers: forwardedRequestHeaders(incoming.rawHeaders, {
          requestId: c.get('requestId'),
          address: getConnInfo(c).remote.address ?? 'unknown',
          protocol: url.startsWith('https:') ? 'https' : 'http',
          host: incoming.headers.host,
        }),
        body,
        signal,
      });
      const reply = await upstreamAnswer(method, answer);
      // c.body keeps the headers set so far (the request id), unlike returning a bare Response.
      return reply.body === null
        ? c.body(null, reply.status as StatusCode, reply.headers)
        : c.body(reply.body, reply.status as ContentfulStatusCode, reply.headers);
    } catch (error) {
      const failure = upstreamFailure(error, upstream.name, signal.aborted);
      if (failure.status >= 500) {
        c.get('logger').warn({ err: error, upstream: upstream.name }, 'upstream request failed');
      }
      throw failure;
    }
  };
}

/** The path and query of an absolute URL (already normalised: no dot segments). */
function pathAndQuery(url: string): string {
  return url.slice(url.indexOf('/', url.indexOf('//') + 2));
}
