// "Imported" means "sellable": after a bulk import through the gateway, the order service's replica
// and analytics' names hold every imported product (carried by products.upserted), and one can be ordered.
import { createSql, type Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  ordersDatabase,
  placeOrder,
  signInAdmin,
  signInCustomer,
} from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();
const ROWS = 5_000;

describe('a bulk import reaches both replicas', () => {
  let system: RunningSystem;
  let orders: Sql;
  let analytics: Sql;
  let admin: Actor;

  beforeAll(async () => {
    system = await startSystem(env);
    orders = ordersDatabase(env);
    analytics = createSql(env.databaseUrl, { schema: 'analytics', max: 1 });
    admin = await signInAdmin(system.gatewayUrl);
  });

  afterAll(async () => {
    await orders?.end();
    await analytics?.end();
    await system?.stop();
  });

  it(`${ROWS} imported rows are all in the order replica and analytics' names, and one of them sells`, async () => {
    const prefix = `Imported ${Date.now()}`;
    const rows = Array.from({ length: ROWS }, (_, n) => `${prefix} ${n},5,e2e-import,${2 + (n % 50)},1`);

    const response = await fetch(`${system.gatewayUrl}/products/bulk-import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv' },
      body: `name,quantity,category,price,cost\n${rows.join('\n')}\n`,
    });

    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ inserted: ROWS, rejected: 0 });
    const like = `${prefix} %`;
    const held = await waitFor(
      async () => {
        const [order] = await orders<{ count: number }[]>`
          select count(*)::int as count from catalog_products where active and name like ${like}`;
        const [names] = await analytics<{ count: number }[]>`
          select count(*)::int as count from products where catalog_name like ${like}`;
        return { order: order?.count, analytics: names?.count };
      },
      {
        until: (counts) => counts.order === ROWS && counts.analytics === ROWS,
        timeoutMs: 30_000,
        what: 'every imported product in both replicas',
      },
    );
    expect(held).toEqual({ order: ROWS, analytics: ROWS });
    const [product] = await orders<{ id: number }[]>`
      select id from catalog_products where name = ${`${prefix} 17`}`;
    const customer = await signInCustomer(system.gatewayUrl);
    const orderId = await placeOrder(customer, product?.id as number, 2);
    expect((await customer.call('POST', '/orders/execute', { id: orderId })).status).toBe(200);
  });
});
