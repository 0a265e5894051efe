import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAsyncApiDocument, events } from '../src/index.js';

const committedPath = new URL('../../../docs/asyncapi.json', import.meta.url);

// The shape this test reads; the builder returns a plain object.
interface AsyncApiDocument {
  asyncapi: string;
  info: { title: string; description: string };
  channels: Record<
    string,
    { address: string; messages: Record<string, { payload: { schema: JsonSchema } }> }
  >;
  operations: Record<string, { action: string; channel: { $ref: string } }>;
}
interface JsonSchema {
  properties: Record<string, { const?: unknown; additionalProperties?: boolean }>;
}

const document = buildAsyncApiDocument() as AsyncApiDocument;

describe('AsyncAPI document', () => {
  it('is committed up to date in docs/asyncapi.json', () => {
    const committed: unknown = JSON.parse(readFileSync(committedPath, 'utf8'));
    expect(committed, 'docs/asyncapi.json is stale: run `npm run asyncapi` and commit it').toEqual(
      JSON.parse(JSON.stringify(document)),
    );
  });

  it('describes the shop.events topic exchange in AsyncAPI 3.0.0', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.info.title).toBe('Shop events');
    expect(document.info.description).toContain('shop.events');
  });

  it('has one channel per event, addressed by its routing key, whose payload pins type, version and data', () => {
    expect(Object.keys(document.channels).sort()).toEqual(Object.keys(events).sort());
    for (const [type, definition] of Object.entries(events)) {
      const channel = document.channels[type];
      expect(channel?.address).toBe(type);
      const payload = channel?.messages[type]?.payload.schema;
      expect(payload?.properties.type?.const).toBe(type);
      expect(payload?.properties.version?.const).toBe(definition.version);
      expect(payload?.properties.data?.additionalProperties).toBe(false);
    }
  });

  it('has a send operation per producer and a receive operation per consumer', () => {
    const operationIds = Object.keys(document.operations);
    expect(operationIds).toContain('catalog.receive.order.execution-requested');
    expect(operationIds).toContain('order.send.order.execution-requested');
    expect(operationIds).toContain('analytics.send.catalog.resync-requested');
    const expectedCount = Object.values(events).reduce(
      (count, definition) =>
        count + 1 + (definition.alsoProducedBy?.length ?? 0) + definition.consumers.length,
      0,
    );
    expect(operationIds).toHaveLength(expectedCount);
    for (const operation of Object.values(document.operations)) {
      expect(document.channels[operation.channel.$ref.replace('#/channels/', '')]).toBeDefined();
    }
  });
});
