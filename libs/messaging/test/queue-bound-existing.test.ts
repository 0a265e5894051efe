import { useTestEnvironment } from '@shop/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Broker, topologyNames } from '../src/index.js';
import { DELIVERY_LIMIT } from './fixtures/demo-services.js';
import { RawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();

describe('a queue declared before the length bound', () => {
  it('is kept as it is, with a warning, and the service starts', async () => {
    const names = topologyNames(env.prefix);
    const raw = await RawBroker.connect(env);
    // The order queue and its dead-letter queue as the previous version declared them.
    await raw.channel.assertQueue(names.queue('order'), {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-delivery-limit': 1000,
        'x-dead-letter-exchange': names.deadLetterExchange,
        'x-dead-letter-routing-key': 'order',
        'x-dead-letter-strategy': 'at-least-once',
        'x-overflow': 'reject-publish',
      },
    });
    await raw.channel.assertQueue(names.deadLetterQueue('order'), {
      durable: true,
      arguments: { 'x-queue-type': 'quorum' },
    });
    const warnings: Array<{ queue: string; argument: string; msg: string }> = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    const broker = new Broker({
      url: env.amqpUrl,
      prefix: env.prefix,
      connectionName: 'queue-bound-existing',
      deliveryLimit: DELIVERY_LIMIT,
      queueMaxLength: 10,
      logger,
    });
    try {
      await broker.start();
      expect(broker.isConnected()).toBe(true);
    } finally {
      await broker.close();
      await raw.close();
    }

    const kept = warnings.filter((line) => line.argument === 'x-max-length').map((line) => line.queue);
    expect(kept.sort()).toEqual([names.deadLetterQueue('order'), names.queue('order')].sort());
    expect(warnings.find((line) => line.argument === 'x-max-length')?.msg).toContain('policy');
    // The other services' queues were new: declared with their bound, without a warning.
    expect(warnings.every((line) => line.queue.startsWith(names.queue('order')))).toBe(true);
  });
});
