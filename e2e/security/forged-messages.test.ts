// Issue 13, forged bus messages, published straight to the system's exchange as a misbehaving producer
// would: a schema-invalid stock.reserved, a valid one for an order that does not exist, and a real one
// replayed under a new message id. None changes an order, a product's stock or the statistics.
import { randomUUID } from 'node:crypto';
import { createSql, type Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishRaw } from '../faults/harness/raw-publisher.js';
import { call, signIn } from '../fixtures/client.js';
import { signInAdmin } from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';
import { settledFingerprints } from '../fixtures/table-fingerprints.js';

const env = useTestEnvironment();
const SCHEMAS = ['auth', 'catalog', 'orders', 'analytics'];
let system: RunningSystem;
let sql: Sql;

beforeAll(async () => {
  system = await startSystem(env);
  sql = createSql(env.databaseUrl, { schema: 'public', max: 2 });
});

afterAll(async () => {
  await sql?.end();
  await system?.stop();
});

/** An executed order of one product, and the stock.reserved catalog published for it. */
async function executedOrder() {
  const admin = await signInAdmin(system.gatewayUrl);
  const product = await call(system.gatewayUrl, 'POST', '/products/add', {
    token: admin.token,
    body: { name: 'Forged widget', quantity: 10, price: 5, category: 'Forgeries' },
  });
  const customer = await signIn(system.gatewayUrl, 'forged-messages@shop.test');
  const items = [{ product_id: product.body.id, quantity: 2 }];
  const order = await waitFor(
    () =>
      call(system.gatewayUrl, 'POST', '/orders/create', {
        token: customer.access_token,
        body: { location: 'DE', items },
      }),
    { until: (answer) => answer.status === 201, what: 'the order to be created' },
  );
  const id = order.body.id as number;
  await call(system.gatewayUrl, 'POST', '/orders/execute', { token: customer.access_token, body: { id } });
  await waitFor(() => call(system.gatewayUrl, 'GET', `/orders/${id}`, { token: customer.access_token }), {
    until: (answer) => answer.body.status === 'executed',
    what: 'the order to be executed',
  });
  const [reserved] = await sql<{ body: string }[]>`
    select payload::text as body from catalog.outbox where routing_key = 'stock.reserved' order by id desc limit 1`;
  if (!reserved) throw new Error('catalog published no stock.reserved');
  return { id, reserved: JSON.parse(reserved.body) as { id: string; data: Record<string, unknown> } };
}

describe('forged bus messages', () => {
  it('schema-invalid, for an unknown order, and replayed under a new id: nothing changes', async () => {
    const { reserved } = await executedOrder();
    const before = await settledFingerprints(sql, SCHEMAS);

    const invalid = { ...reserved, id: randomUUID(), data: { order_id: 'x' } };
    const unknownOrder = {
      ...reserved,
      id: randomUUID(),
      data: { ...reserved.data, order_id: 2_000_000_000 },
    };
    const replayed = { ...reserved, id: randomUUID() };
    await publishRaw(
      env.amqpUrl,
      env.prefix,
      [invalid, unknownOrder, replayed].map((envelope) => ({
        routingKey: 'stock.reserved',
        body: JSON.stringify(envelope),
        messageId: envelope.id,
      })),
    );

    // Handled: the invalid one dead-lettered, the other two received (recorded in the order service's inbox).
    await waitFor(
      async () => {
        const [dead] = await sql<{ count: number }[]>`
          select count(*)::int as count from orders.dead_letters where message_id = ${invalid.id}`;
        const [seen] = await sql<{ count: number }[]>`
          select count(*)::int as count from orders.inbox where message_id in ${sql([unknownOrder.id, replayed.id])}`;
        return (dead?.count ?? 0) + (seen?.count ?? 0);
      },
      { until: (count) => count === 3, what: 'the forged messages to be handled' },
    );
    const after = await settledFingerprints(sql, SCHEMAS);
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    // Only the bookkeeping of what arrived: no order, stock, reservation or statistic.
    expect(changed.sort()).toEqual(['orders.dead_letters', 'orders.inbox']);
  });
});
