import { NotFoundError } from '@shop/platform';
import { useStarted, useTestEnvironment, waitFor } from '@shop/testing';
import type { ConfirmChannel } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { replayDeadLetter, startDeadLetterKeeper, topologyNames } from '../src/index.js';
import {
  DELIVERY_LIMIT,
  logger,
  useBroker,
  useConsumerDatabase,
  useEventConsumer,
} from './fixtures/demo-services.js';
import { envelope, useRawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();

interface DeadLetterRow {
  id: string;
  service: string;
  type: string;
  reason: string;
  count: number;
  body: Buffer;
  headers: Record<string, unknown>;
  properties: Record<string, unknown>;
}

describe('dead-letter keeper and replay', () => {
  const failing = new Set<number>();
  const attempts = new Map<number, number>();

  const orderSql = useConsumerDatabase(env);
  const broker = useBroker(env, 'order-dead-letters');
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
        if (failing.has(productId)) throw new Error('this product fails for now');
        await tx`insert into effects (message_id, product_id) values (${event.id}, ${productId})`;
      },
    },
  });
  const keeper = useStarted(
    'the dead-letter keeper',
    () => startDeadLetterKeeper({ sql: orderSql, broker, service: 'order', logger }),
    (started) => started.stop(),
  );

  async function rowsOf(messageId: string): Promise<DeadLetterRow[]> {
    return orderSql<DeadLetterRow[]>`
      select id, service, type, reason, count, body, headers, properties
      from dead_letters where message_id = ${messageId}`;
  }

  function storedRow(messageId: string): Promise<DeadLetterRow> {
    return waitFor(async () => (await rowsOf(messageId))[0], {
      what: `dead letter ${messageId} stored`,
    }) as Promise<DeadLetterRow>;
  }

  async function effectsOf(productId: number): Promise<number> {
    return (await orderSql`select 1 from effects where product_id = ${productId}`).length;
  }

  /** Publishes to the events exchange with headers, as a producing service would. */
  async function publishWithHeaders(routingKey: string, body: unknown, messageId: string, headers: object) {
    raw.channel.publish(topologyNames(env.prefix).exchange, routingKey, Buffer.from(JSON.stringify(body)), {
      messageId,
      persistent: true,
      headers,
    });
    await (raw.channel as ConfirmChannel).waitForConfirms();
  }

  it('stores a schema-invalid message at once: reason rejected, its type, body and headers without x-death', async () => {
    const invalid = envelope('product.deleted', { product_id: 'not-a-number' });

    await publishWithHeaders('product.deleted', invalid, invalid.id, { traceparent: 'kept-as-sent' });

    const row = await storedRow(invalid.id);
    expect(row).toMatchObject({ service: 'order', type: 'product.deleted', reason: 'rejected', count: 1 });
    expect(JSON.parse(row.body.toString())).toEqual(invalid);
    expect(row.headers).toEqual({ traceparent: 'kept-as-sent' });
  });

  it('stores a message whose handler always throws once the delivery limit is spent: reason delivery_limit', async () => {
    const productId = 700;
    failing.add(productId);
    const poison = envelope('product.deleted', { product_id: productId });

    await raw.publish('product.deleted', poison, poison.id);

    const row = await storedRow(poison.id);
    expect(row).toMatchObject({ type: 'product.deleted', reason: 'delivery_limit', count: 1 });
    expect(attempts.get(productId)).toBe(DELIVERY_LIMIT + 1);
    expect(await effectsOf(productId)).toBe(0);
  });

  it('replay hands the message back to its queue: the now-succeeding handler runs once and the row is gone', async () => {
    const productId = 701;
    failing.add(productId);
    const poison = envelope('product.deleted', { product_id: productId });
    await raw.publish('product.deleted', poison, poison.id);
    const row = await storedRow(poison.id);
    failing.delete(productId);
    const attemptsBefore = attempts.get(productId) ?? 0;

    const replayed = await replayDeadLetter(orderSql, broker, 'order', row.id);

    expect(replayed).toMatchObject({ id: row.id, message_id: poison.id });
    await waitFor(() => effectsOf(productId), { what: 'the replayed message handled' });
    expect(await rowsOf(poison.id)).toEqual([]);
    await expect(replayDeadLetter(orderSql, broker, 'order', row.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(attempts.get(productId)).toBe(attemptsBefore + 1);
    expect(await effectsOf(productId)).toBe(1);
    const [inbox] = await orderSql`select count(*)::int as n from inbox where message_id = ${poison.id}`;
    expect(inbox?.n).toBe(1);
  });

  it('replay of an unknown id is not found and publishes nothing', async () => {
    await expect(
      replayDeadLetter(orderSql, broker, 'order', '00000000-0000-4000-8000-000000000000'),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a dead letter that arrives twice (same message id) is stored once, both copies acked, and the keeper goes on', async () => {
    const invalid = envelope('product.deleted', { product_id: 'twice' });
    const later = envelope('product.deleted', { product_id: 'later' });

    await raw.publish('product.deleted', invalid, invalid.id);
    await raw.publish('product.deleted', invalid, invalid.id);
    await storedRow(invalid.id);
    await raw.publish('product.deleted', later, later.id);

    await storedRow(later.id);
    expect(await rowsOf(invalid.id)).toHaveLength(1);
    // Stopping hands back whatever is not acked yet: an empty queue means both copies were acked.
    await keeper.stop();
    const deadLetterQueue = topologyNames(env.prefix).deadLetterQueue('order');
    expect((await raw.channel.checkQueue(deadLetterQueue)).messageCount).toBe(0);
  });
});
