import { type Context, context, propagation } from '@opentelemetry/api';

/** W3C trace context of the active span (or of `of`), as message headers (empty when tracing is off). */
export function currentTraceHeaders(of: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(of, headers);
  return headers;
}

/** The trace context carried by a message's headers, to continue its trace in the consumer. */
export function contextFromHeaders(headers: Record<string, unknown> | undefined): Context {
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string') carrier[key] = value;
    else if (Buffer.isBuffer(value)) carrier[key] = value.toString();
  }
  return propagation.extract(context.active(), carrier);
}
