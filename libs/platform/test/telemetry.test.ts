import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createMetricsRegistry, createServiceApp, startTelemetry } from '../src/index.js';

/** A stand-in OTLP/HTTP collector keeping every body posted to it. */
async function startCollector() {
  const received: { path: string; body: string }[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({ path: request.url ?? '', body: Buffer.concat(chunks).toString() });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, received, close: () => server.close() };
}

describe('tracing export', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    collector = await startCollector();
  });

  afterAll(() => collector?.close());

  it('with OTEL_EXPORTER_OTLP_ENDPOINT set, request spans reach the collector over OTLP/HTTP', async () => {
    const stopTelemetry = await startTelemetry('telemetry-test', collector.endpoint);
    const logger = createLogger({ service: 'telemetry-test', level: 'silent' });
    const app = createServiceApp({
      logger,
      metrics: createMetricsRegistry('telemetry-test'),
      readiness: {},
      bodyLimitBytes: 1024,
    });
    app.get('/hello/:name', (c) => c.text(`hello ${c.req.param('name')}`));

    const response = await app.request('/hello/ada', {
      headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    await stopTelemetry(); // flushes

    expect(response.status).toBe(200);
    const exported = collector.received.filter((request) => request.path === '/v1/traces');
    expect(exported.length).toBeGreaterThan(0);
    const body = exported.map((request) => request.body).join('\n');
    expect(body).toContain('GET /hello/:name');
    expect(body).toContain('telemetry-test');
    expect(body).toContain('0af7651916cd43dd8448eb211c80319c');
  });
});
