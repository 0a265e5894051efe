// Duplicate and poison messages published straight to the private broker's exchange, under order
// load, each ending with the audit.
import { randomUUID } from 'node:crypto';
import { waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { publishRaw } from './harness/raw-publisher.js';
import { underLoad, useFaultSuite } from './harness/scenario.js';

const suite = useFaultSuite('messages');

/** Envelopes the order service already published for executed orders (body and id). */
async function publishedEnvelopes(routingKey: string, schema: 'orders' | 'catalog', limit: number) {
  return suite.sql<{ message_id: string; body: string }[]>`
    select message_id, payload::text as body from ${suite.sql(`${schema}.outbox`)}
    where routing_key = ${routingKey} and published_at is not null order by id desc limit ${limit}`;
}

describe('when the same event is delivered five times, and re-sent under a new id', () => {
  it('order.executed and stock.reserved are applied once: statistics and stock unchanged by the copies', async () => {
    await underLoad(suite, 'same event ×5 and under a new id', async () => {
      const copies = [];
      for (const [routingKey, schema] of [
        ['order.executed', 'orders'],
        ['stock.reserved', 'catalog'],
      ] as const) {
        for (const { message_id, body } of await publishedEnvelopes(routingKey, schema, 3)) {
          for (let i = 0; i < 5; i++) copies.push({ routingKey, body, messageId: message_id });
          const renamed = { ...JSON.parse(body), id: randomUUID() };
          copies.push({ routingKey, body: JSON.stringify(renamed), messageId: renamed.id });
        }
      }
      await publishRaw(suite.env.amqpUrl, suite.env.prefix, copies);
      return { copiesPublished: copies.length };
    });
  });
});

describe('when poison messages reach every consuming service', () => {
  it('bad JSON and bad schema are dead-lettered, nothing else is harmed', async () => {
    const targets = ['order.execution-requested', 'stock.reserved', 'order.executed'];
    await underLoad(
      suite,
      'poison: bad JSON and bad schema to catalog, order, analytics',
      async () => {
        const poison = targets.flatMap((routingKey) => [
          { routingKey, body: '{"id": "not json' },
          {
            routingKey,
            body: JSON.stringify({
              id: randomUUID(),
              type: routingKey,
              version: 1,
              occurred_at: new Date().toISOString(),
              source: 'order',
              correlation_id: randomUUID(),
              data: { order_id: 'not-a-number' },
            }),
          },
        ]);
        await publishRaw(suite.env.amqpUrl, suite.env.prefix, poison);
        return { poisonPublished: poison.length };
      },
      { injectedDeadLetters: targets.length * 2 },
    );
  });
});

// An order id no real order has: analytics' handler throws for it, every time (a trigger below).
const POISONED_ORDER_ID = 2_000_000_000;

/** Makes analytics' order.executed handler throw for POISONED_ORDER_ID, whatever the attempt. */
async function poisonSalesOf(orderId: number): Promise<void> {
  await suite.sql.unsafe(`
    create function analytics.refuse_poisoned_sale() returns trigger language plpgsql as $$
    begin
      raise exception 'order % always fails (faults poison)', new.order_id;
    end $$`);
  await suite.sql.unsafe(`
    create trigger refuse_poisoned_sale before insert on analytics.orders
    for each row when (new.order_id = ${orderId}) execute function analytics.refuse_poisoned_sale()`);
}

describe('when a message’s handler always throws', () => {
  it('it is dead-lettered once its failures pass the delivery limit, and the other messages keep flowing', async () => {
    await poisonSalesOf(POISONED_ORDER_ID);
    await underLoad(
      suite,
      'poison: a handler that always throws (order.executed to analytics)',
      async ({ load }) => {
        const [template] = await publishedEnvelopes('order.executed', 'orders', 1);
        if (!template) throw new Error('no order.executed published yet');
        const published = JSON.parse(template.body);
        const poison = {
          ...published,
          id: randomUUID(),
          data: { ...published.data, order_id: POISONED_ORDER_ID },
        };
        const sent = Date.now();
        await publishRaw(suite.env.amqpUrl, suite.env.prefix, [
          { routingKey: 'order.executed', body: JSON.stringify(poison), messageId: poison.id },
        ]);
        await waitFor(
          async () => {
            const [row] = await suite.sql<{ count: number }[]>`
              select count(*)::int as count from analytics.dead_letters where message_id = ${poison.id}`;
            return row?.count ?? 0;
          },
          { until: (count) => count === 1, timeoutMs: 30_000, what: 'the poison dead-lettered' },
        );
        const settledMeanwhile = load.settledSince(sent);
        expect(settledMeanwhile, 'executes settled while the poison was retried').toBeGreaterThan(0);
        return { deadLetteredAfterMs: Date.now() - sent, settledMeanwhile };
      },
      { injectedDeadLetters: 1 },
    );
  });
});
