/** Stops the tracer and flushes what it holds. */
export type StopTelemetry = () => Promise<void>;

/**
 * Starts OpenTelemetry tracing exported over OTLP/HTTP when an endpoint is configured;
 * otherwise tracing stays a no-op and costs nothing. Call it first thing in `main`.
 */
export async function startTelemetry(service: string, endpoint: string | undefined): Promise<StopTelemetry> {
  if (!endpoint) return async () => {};
  const [{ NodeSDK }, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const sdk = new NodeSDK({
    serviceName: service,
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }),
  });
  sdk.start();
  return () => sdk.shutdown();
}
