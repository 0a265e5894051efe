import { randomUUID } from 'node:crypto';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import {
  countRows,
  DELIVERY_LIMIT,
  logger,
  useBroker,
  useConsumerDatabase,
  useEventConsumer,
} from './fixtures/demo-services.js';
import { envelope, useRawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();
const POISON_PRODUCT = 666;

describe('idempotent consumer', () => {
  const attempts = new Map<number, number>();

  const orderSql = useConsumerDatabase(env);
  const broker = useBroker(env, 'order-consumer');
  const raw = useRawBroker(env);
  useEventConsumer({
    sql: orderSql,
    broker,
    service: 'order',
    logger,
    prefetch: 16,
    retryDelayMs: 20,
    handlers: {
      'product.deleted': async (tx, event) => {
        const productId = event.data.product_id;
        attempts.set(productId, (attempts.get(productId) ?? 0) + 1);
        if (productId === POISON_PRODUCT) throw new Error('this product always fails');
        await tx`insert into effects (message_id, product_id) values (${event.id}, ${productId})`;
      },
    },
  });

  function totalAttempts(): number {
    return [...attempts.values()].reduce((sum, n) => sum + n, 0);
  }

  async function effectsOf(productId: number): Promise<number> {
    const rows = await orderSql`select 1 from effects where product_id = ${productId}`;
    return rows.length;
  }

  it('handles a message delivered twice only once and acks both', async () => {
    const message = envelope('product.deleted', { product_id: 1 });
    await raw.publish('product.deleted', message, message.id);
    await raw.publish('product.deleted', message, message.id);
    const marker = envelope('product.deleted', { product_id: 2 });
    await raw.publish('product.deleted', marker, marker.id);

    await waitFor(() => effectsOf(2), { what: 'the marker message' });
    await waitFor(() => attempts.get(1) ?? 0, { until: (n) => n >= 1, what: 'the duplicate' });
    expect(await effectsOf(1)).toBe(1);
    expect(attempts.get(1)).toBe(1);
    const [inboxRow] = await orderSql`select count(*)::int as n from inbox where message_id = ${message.id}`;
    expect(inboxRow?.n).toBe(1);
  });

  it('dead-letters a poison message after the delivery limit while later messages keep flowing', async () => {
    const poison = envelope('product.deleted', { product_id: POISON_PRODUCT });
    await raw.publish('product.deleted', poison, poison.id);
    const followers = Array.from({ length: 20 }, (_, i) =>
      envelope('product.deleted', { product_id: 100 + i }),
    );
    for (const follower of followers) await raw.publish('product.deleted', follower, follower.id);

    await waitFor(
      async () => (await orderSql`select 1 from effects where product_id between 100 and 119`).length,
      {
        until: (n) => n === 20,
        what: 'the 20 good messages',
      },
    );
    const deadLetters = await waitFor(() => raw.drainDeadLetters('order'), {
      until: (letters) => letters.length > 0,
      what: 'the poison message in the dead-letter queue',
    });

    expect(deadLetters.map((letter) => letter.messageId)).toEqual([poison.id]);
    expect(attempts.get(POISON_PRODUCT)).toBe(DELIVERY_LIMIT + 1);
    expect(await effectsOf(POISON_PRODUCT)).toBe(0);
    expect(await countRows(orderSql, 'inbox')).toBeGreaterThanOrEqual(22);
  });

  it('dead-letters a message that breaks its schema at once, without calling the handler', async () => {
    const badData = envelope('product.deleted', { product_id: 'not-a-number' });
    const notJson = { id: randomUUID(), body: '{ this is not json' };
    const callsBefore = totalAttempts();
    await raw.publish('product.deleted', badData, badData.id);
    await raw.publish('product.deleted', notJson.body, notJson.id);

    // Each drain takes what has arrived so far: the two may be dead-lettered a moment apart.
    const drained: string[] = [];
    await waitFor(
      async () => {
        drained.push(...(await raw.drainDeadLetters('order')).map((letter) => letter.messageId));
        return drained;
      },
      {
        until: (ids) => ids.includes(badData.id) && ids.includes(notJson.id),
        what: 'both invalid messages in the dead-letter queue',
      },
    );

    expect(drained.filter((id) => id === badData.id || id === notJson.id).sort()).toEqual(
      [badData.id, notJson.id].sort(),
    );
    expect(totalAttempts()).toBe(callsBefore);
    const [inboxRow] = await orderSql`select count(*)::int as n from inbox where message_id = ${badData.id}`;
    expect(inboxRow?.n).toBe(0);
  });
});
