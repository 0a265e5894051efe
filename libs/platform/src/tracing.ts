import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context as HonoContext, MiddlewareHandler } from 'hono';

const tracer = trace.getTracer('@shop/platform');

// Only these are read: reading every header would cost each request a header copy.
const PROPAGATION_HEADERS = ['traceparent', 'tracestate', 'baggage'];

/**
 * A server span per request, continuing the caller's W3C trace context and active while the
 * route runs, so logs, outgoing calls and outbox rows join the trace. A no-op without a tracer.
 */
export function traceRequests(service: string): MiddlewareHandler {
  return async function traceRequest(c, next) {
    const parent = propagation.extract(ROOT_CONTEXT, c, {
      get: (request: HonoContext, key) => request.req.header(key),
      keys: () => PROPAGATION_HEADERS,
    });
    const span = tracer.startSpan(
      `${c.req.method} ${c.req.path}`,
      { kind: SpanKind.SERVER, attributes: { 'service.name': service, 'http.request.method': c.req.method } },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      span.updateName(`${c.req.method} ${c.req.routePath}`);
      span.setAttribute('http.route', c.req.routePath);
      span.setAttribute('http.response.status_code', c.res.status);
      if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
