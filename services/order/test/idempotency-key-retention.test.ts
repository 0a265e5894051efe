import { useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCatalogProduct, type CatalogProduct } from './fixtures/catalog-fixtures.js';
import { type TestUser, useTestOrders } from './fixtures/test-orders.js';

const env = useTestEnvironment();
// Retention every second, so the running service's own loop does the purging.
const orders = useTestOrders(env, { RETENTION_INTERVAL_MS: '1000', IDEMPOTENCY_KEY_TTL_HOURS: '24' });
const tap = useEventTap(env, 'catalog');
let cheese: CatalogProduct;

beforeAll(async () => {
  cheese = await addCatalogProduct(orders, tap);
});

function create(user: TestUser, quantity: number, idempotencyKey: string) {
  return orders.request('POST', '/orders/create', {
    as: user,
    body: { location: 'DE', items: [{ product_id: cheese.product_id, quantity }] },
    headers: { 'idempotency-key': idempotencyKey },
  });
}

async function keysOf(user: TestUser): Promise<string[]> {
  const rows = await orders.sql<{ key: string }[]>`
    select key from idempotency_keys where user_id = ${user.id} order by key`;
  return rows.map((row) => row.key);
}

describe('Idempotency-Key retention', () => {
  it('forgets keys older than IDEMPOTENCY_KEY_TTL_HOURS: a retry after that is a new request', async () => {
    const user = orders.user();
    const first = await create(user, 1, 'a-expired');
    await create(user, 1, 'b-kept');
    await orders.sql`update idempotency_keys set created_at = now() - interval '24 hours 1 minute'
                     where user_id = ${user.id} and key = 'a-expired'`;
    await orders.sql`update idempotency_keys set created_at = now() - interval '23 hours 59 minutes'
                     where user_id = ${user.id} and key = 'b-kept'`;

    await waitFor(() => keysOf(user), {
      until: (keys) => keys.length === 1,
      what: 'the expired key purged',
      timeoutMs: 15_000,
    });
    expect(await keysOf(user)).toEqual(['b-kept']);

    // Another body under the expired key: not the 422 of a reused key, a new order.
    const retry = await create(user, 2, 'a-expired');
    expect(retry.status).toBe(201);
    expect(retry.body.id).not.toBe(first.body.id);
    // The kept key still refuses another body.
    expect((await create(user, 2, 'b-kept')).status).toBe(422);
  });
});
