import { useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCatalogProduct, type CatalogProduct, handled } from './fixtures/catalog-fixtures.js';
import { placeOrder } from './fixtures/order-fixtures.js';
import { type ApiResponse, type TestUser, useTestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();
let cheese: CatalogProduct;

const orders = useTestOrders(env);
const tap = useEventTap(env, 'catalog');

beforeAll(async () => {
  cheese = await addCatalogProduct(orders, tap);
});

function create(user: TestUser): Promise<ApiResponse> {
  return orders.request('POST', '/orders/create', {
    as: user,
    body: { location: 'DE', items: [{ product_id: cheese.product_id, quantity: 1 }] },
  });
}

async function ordersOf(user: TestUser): Promise<{ id: number; status: string }[]> {
  return orders.sql<{ id: number; status: string }[]>`
    select id, status from orders where user_id = ${user.id} order by id`;
}

async function deleteUser(user: TestUser): Promise<string> {
  const [id] = await tap.publish({ type: 'user.deleted', data: { user_id: user.id }, source: 'auth' });
  return id as string;
}

/** Sessions of the test's database waiting for a lock. */
async function lockWaiters(): Promise<number> {
  const [row] = await orders.sql<{ count: number }[]>`
    select count(*)::int as count from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock'`;
  return row?.count ?? 0;
}

describe('orders of a deleted user', () => {
  it('creating an order after the user was deleted answers 401 problem+json and stores nothing', async () => {
    const user = orders.user();
    await handled(orders, await deleteUser(user));

    const response = await create(user);

    expect(response.status).toBe(401);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 401 });
    expect(response.body.detail).toContain('deleted');
    expect(await ordersOf(user)).toEqual([]);
  });

  it('an order created while user.deleted is being handled ends cancelled or is refused: no pending order is left', async () => {
    const user = orders.user();
    const earlier = await placeOrder(orders, user, [{ product_id: cheese.product_id, quantity: 1 }]);
    let created: ApiResponse | undefined;
    let creating: Promise<void> = Promise.resolve();
    let deleted = '';
    // Holding the earlier order's row stops the handler mid-transaction, after it recorded the deletion.
    await orders.sql.begin(async (tx) => {
      await tx`select id from orders where id = ${earlier.id} for update`;
      deleted = await deleteUser(user);
      await waitFor(lockWaiters, { until: (waiting) => waiting >= 1, what: 'user.deleted waiting' });
      creating = create(user).then((response) => {
        created = response;
      });
      await waitFor(async () => created ?? (await lockWaiters()), {
        until: (state) => typeof state === 'object' || state >= 2,
        what: 'the create answered or waiting',
      });
    });
    await creating;
    await handled(orders, deleted);

    const left = await ordersOf(user);
    expect(left.filter((order) => order.status === 'pending')).toEqual([]);
    expect(created?.status).toBe(401);
    expect(left).toEqual([{ id: earlier.id, status: 'cancelled' }]);
  });
});
