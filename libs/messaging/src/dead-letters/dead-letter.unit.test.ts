import { createHash } from 'node:crypto';
import type { ConsumeMessage, MessageProperties } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { HANDLER_FAILURES_HEADER } from '../retry-delivery.js';
import { readDeadLetter } from './dead-letter.js';

const body = Buffer.from('{"id":"x"}');

/** A delivery from a dead-letter queue, as amqplib hands it over. */
function delivery(properties: Partial<MessageProperties>, routingKey = 'catalog'): ConsumeMessage {
  return {
    content: body,
    fields: {
      deliveryTag: 1,
      redelivered: false,
      exchange: 'shop.dead-letter',
      routingKey,
      consumerTag: 'c',
    },
    properties: { headers: {}, ...properties } as MessageProperties,
  };
}

describe('readDeadLetter', () => {
  it('reads the death of the service queue from x-death: reason, count, time, original type', () => {
    const letter = readDeadLetter(
      delivery({
        messageId: 'm-1',
        headers: {
          'x-death': [
            {
              queue: 'catalog.dead-letter',
              exchange: 'shop.dead-letter',
              reason: 'expired',
              count: 9,
              time: { '!': 'timestamp', value: 1 },
              'routing-keys': ['catalog'],
            },
            {
              queue: 'catalog',
              exchange: 'shop.events',
              reason: 'rejected',
              count: 2,
              time: { '!': 'timestamp', value: 1_780_000_000 },
              'routing-keys': ['order.execution-requested'],
            },
          ],
          'x-first-death-reason': 'rejected',
          'x-first-death-queue': 'catalog',
          'x-delivery-count': 3,
          traceparent: '00-abc-def-01',
        },
      }),
      'catalog',
      'catalog',
    );

    expect(letter).toEqual({
      service: 'catalog',
      messageId: 'm-1',
      type: 'order.execution-requested',
      reason: 'rejected',
      count: 2,
      body,
      properties: {},
      headers: { traceparent: '00-abc-def-01' },
      deadLetteredAt: new Date(1_780_000_000 * 1000),
    });
  });

  it('a rejection after the consumer counted handler failures is a delivery limit, and the count header goes', () => {
    const letter = readDeadLetter(
      delivery({
        messageId: 'm-2',
        type: 'order.executed',
        headers: {
          [HANDLER_FAILURES_HEADER]: 5,
          'x-death': [
            {
              queue: 'analytics',
              exchange: 'shop.events',
              reason: 'rejected',
              count: 1,
              time: { '!': 'timestamp', value: 1_780_000_000 },
              'routing-keys': ['order.executed'],
            },
          ],
        },
      }),
      'analytics',
      'analytics',
    );

    expect(letter.reason).toBe('delivery_limit');
    expect(letter.type).toBe('order.executed');
    expect(letter.headers).toEqual({});
  });

  it('keeps only the properties worth republishing', () => {
    const letter = readDeadLetter(
      delivery({
        messageId: 'm-3',
        contentType: 'application/json',
        type: 'stock.reserved',
        appId: 'catalog',
        correlationId: 'order-1',
        timestamp: 1_780_000_000,
        userId: 'guest',
        priority: 5,
      }),
      'order',
      'order',
    );

    expect(letter.properties).toEqual({
      contentType: 'application/json',
      type: 'stock.reserved',
      appId: 'catalog',
      correlationId: 'order-1',
      timestamp: 1_780_000_000,
    });
  });

  it('without a message id, x-death or type: an id from the body, the routing key, reason unknown, count 1', () => {
    const before = Date.now();
    const letter = readDeadLetter(delivery({ headers: undefined }, 'order.cancelled'), 'catalog', 'catalog');

    expect(letter.messageId).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
    expect(letter.type).toBe('order.cancelled');
    expect(letter.reason).toBe('unknown');
    expect(letter.count).toBe(1);
    expect(letter.deadLetteredAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('makes header values storable as jsonb: bytes as text, no NUL, big integers as text', () => {
    const letter = readDeadLetter(
      delivery({
        messageId: 'm-4',
        headers: {
          bytes: Buffer.from('caf\u00e9'),
          'nul\u0000key': 'a\u0000b',
          big: 12345678901234567890n,
          nested: [{ inner: Buffer.from('x') }],
        },
      }),
      'order',
      'order',
    );

    expect(letter.headers).toEqual({
      bytes: 'caf\u00e9',
      'nul\uFFFDkey': 'a\uFFFDb',
      big: '12345678901234567890',
      nested: [{ inner: 'x' }],
    });
  });
});
