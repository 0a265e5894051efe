import type { ConsumeMessage } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { parseDelivery } from './parse-delivery.js';

const handlers = { 'stock.released': () => {} };

const envelope = {
  id: '3f2a8c1e-9b7d-4e6f-a5c4-1d2e3f4a5b6c',
  type: 'stock.released',
  version: 1,
  occurred_at: '2026-03-01T10:00:00Z',
  source: 'catalog',
  correlation_id: 'order-11',
  data: { order_id: 11 },
};

function delivery(content: unknown): ConsumeMessage {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return { content: Buffer.from(text), fields: {}, properties: {} } as unknown as ConsumeMessage;
}

describe('parseDelivery (what the consumer handles, and what it dead-letters at once)', () => {
  it('reads an envelope whose data matches its contract', () => {
    expect(parseDelivery(delivery(envelope), handlers)).toEqual({ ok: true, event: envelope });
  });

  it.each([
    ['a body that is not JSON', '{"id":', 'body is not JSON'],
    ['an envelope without its ids', { ...envelope, id: 'not-a-uuid' }, 'bad envelope'],
    ['an unknown envelope field', { ...envelope, extra: true }, 'bad envelope'],
    [
      'a type without a handler here',
      { ...envelope, type: 'order.executed' },
      'no handler for order.executed',
    ],
    ['a type no contract defines', { ...envelope, type: 'order.shipped' }, 'no handler for order.shipped'],
    ['data breaking its contract', { ...envelope, data: { order_id: -1 } }, 'bad stock.released data'],
    [
      'data with a field the contract lacks',
      { ...envelope, data: { order_id: 11, why: 'x' } },
      'bad stock.released data',
    ],
  ])('refuses %s, saying why', (_, content, reason) => {
    const parsed = parseDelivery(delivery(content), handlers);

    expect(parsed.ok).toBe(false);
    expect(parsed.ok === false && parsed.reason).toContain(reason);
  });
});
