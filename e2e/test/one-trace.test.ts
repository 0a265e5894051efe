// One trace from the client's request through the gateway, the order service, its outbox relay,
// RabbitMQ, the catalog's consumer and back to the order service's consumer.
import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn } from '../fixtures/client.js';
import { signInAdmin } from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

describe('tracing an order execution', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem(env);
  });

  afterAll(async () => {
    await system?.stop();
    await provider.shutdown();
  });

  it('is one connected trace: gateway → order → relay → catalog consumer → relay → order consumer', async () => {
    const gateway = system.gatewayUrl;
    const admin = await signInAdmin(gateway);
    const product = await call(gateway, 'POST', '/products/add', {
      token: admin.token,
      body: { name: `Traced ${randomUUID()}`, quantity: 5, price: 10, category: 'Tracing' },
    });
    const customer = await signIn(gateway, `traced-${randomUUID()}@shop.test`);
    const order = await waitFor(
      () =>
        call(gateway, 'POST', '/orders/create', {
          token: customer.access_token,
          body: { location: 'DE', items: [{ product_id: product.body.id, quantity: 2 }] },
        }),
      { until: (created) => created.status === 201, what: 'the order service to know the product' },
    );
    const clientTraceId = randomUUID().replaceAll('-', '');
    const clientSpanId = clientTraceId.slice(0, 16);

    const executed = await fetch(`${gateway}/orders/execute`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${customer.access_token}`,
        'content-type': 'application/json',
        traceparent: `00-${clientTraceId}-${clientSpanId}-01`,
      },
      body: JSON.stringify({ id: order.body.id }),
    });
    expect(executed.status).toBe(200);

    const spans = await waitFor(
      () => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === clientTraceId),
      {
        until: (found) => found.some((span) => span.name === 'stock.reserved process'),
        what: "the order service's consumer span in the client's trace",
      },
    );
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const parentOf = (span: ReadableSpan) => byId.get(span.parentSpanContext?.spanId ?? '');
    const chain: string[] = [];
    for (
      let span: ReadableSpan | undefined = spans.find((s) => s.name === 'stock.reserved process');
      span;
    ) {
      chain.unshift(`${span.attributes['service.name'] ?? ''} ${span.name}`.trim());
      const parent = parentOf(span);
      if (!parent) expect(span.parentSpanContext?.spanId).toBe(clientSpanId);
      span = parent;
    }

    expect(chain).toEqual([
      'gateway POST /orders/*',
      'order POST /orders/execute',
      'order.execution-requested publish',
      'order.execution-requested process',
      'stock.reserved publish',
      'stock.reserved process',
    ]);
    const kinds = spans.filter((span) => span.name.endsWith(' publish')).map((span) => span.kind);
    expect(kinds.every((kind) => kind === SpanKind.PRODUCER)).toBe(true);
  });
});
