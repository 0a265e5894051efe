// The public events' replay stream: declared by every service broker at start, several replicas at
// once, with the retention they are given; bound to the public routing keys only; a broker given
// another retention keeps the stream's, with a warning.
import { randomUUID } from 'node:crypto';
import { useTestEnvironment, waitFor } from '@shop/testing';
import type { ConsumeMessage } from 'amqplib';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Broker, type StreamRetention, topologyNames } from '../src/index.js';
import { DELIVERY_LIMIT } from './fixtures/demo-services.js';
import { RawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();
const retention: StreamRetention = { maxAge: '2D', maxLengthBytes: 50_000_000 };

function serviceBroker(name: string, streamRetention: StreamRetention, logger = pino({ level: 'silent' })) {
  return new Broker({
    url: env.amqpUrl,
    prefix: env.prefix,
    connectionName: name,
    deliveryLimit: DELIVERY_LIMIT,
    streamRetention,
    logger,
  });
}

const message = (routingKey: string) => ({
  messageId: randomUUID(),
  routingKey,
  body: Buffer.from('{}'),
  headers: {},
  type: routingKey,
  appId: 'test',
});

describe('the public stream', () => {
  it('is declared by replicas starting together, with their retention, and keeps only the public events', async () => {
    const names = topologyNames(env.prefix);
    const replicas = [serviceBroker('catalog-1', retention), serviceBroker('catalog-2', retention)];
    const raw = await RawBroker.connect(env);
    try {
      await Promise.all(replicas.map((replica) => replica.start()));
      expect(replicas.every((replica) => replica.isConnected())).toBe(true);
      // Declaring it again with exactly these arguments is what the broker accepts as the same stream.
      await raw.channel.assertQueue(names.publicStream, {
        durable: true,
        arguments: {
          'x-queue-type': 'stream',
          'x-max-age': '2D',
          'x-max-length-bytes': 50_000_000,
          'x-stream-max-segment-size-bytes': 100_000_000,
        },
      });

      const published = [message('order.executed'), message('stock.reserved'), message('product.deleted')];
      await replicas[0]?.publish(published);

      const seen: ConsumeMessage[] = [];
      await raw.channel.prefetch(10);
      await raw.channel.consume(names.publicStream, (delivery) => delivery && seen.push(delivery), {
        arguments: { 'x-stream-offset': 'first' },
      });
      await waitFor(() => seen.length, { until: (n) => n >= 2, what: 'the two public events in the stream' });
      expect(seen.map((delivery) => delivery.properties.messageId)).toEqual([
        published[0]?.messageId,
        published[2]?.messageId,
      ]);
      expect(seen.map((delivery) => typeof delivery.properties.headers?.['x-stream-offset'])).toEqual([
        'number',
        'number',
      ]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
      await raw.close();
    }
  });

  it('keeps the retention it was declared with when a service starts with another, and says so', async () => {
    const warnings: Array<{ queue: string; argument: string; current: unknown; msg: string }> = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    const other = serviceBroker('catalog-3', { maxAge: '30D', maxLengthBytes: 50_000_000 }, logger);
    try {
      await other.start();
      expect(other.isConnected()).toBe(true);
    } finally {
      await other.close();
    }
    expect(warnings.map(({ queue, argument, current }) => ({ queue, argument, current }))).toEqual([
      { queue: topologyNames(env.prefix).publicStream, argument: 'x-max-age', current: '2D' },
    ]);
    expect(warnings[0]?.msg).toContain('policy');
  });
});
