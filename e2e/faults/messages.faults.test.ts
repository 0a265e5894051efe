// Duplicate and poison messages published straight to the private broker's exchange, under order
// load, each ending with the audit.
import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
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
