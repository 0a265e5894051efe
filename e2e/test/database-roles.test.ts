// Each service logs in as its own role owning only its schema: a service's credentials read and
// change its own tables and no other's. The system runs on those roles (see startSystem).
import { createSql, type Sql, urlForRole } from '@shop/platform';
import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolePasswordsSchema, serviceRole } from '../../scripts/database/service-roles.js';
import { signInAdmin, stockProduct } from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();
const passwords = rolePasswordsSchema.parse({});

describe('per-service database roles', () => {
  let system: RunningSystem;
  let asCatalog: Sql;
  let orders: Sql;

  beforeAll(async () => {
    system = await startSystem(env);
    asCatalog = createSql(urlForRole(env.databaseUrl, serviceRole('catalog', passwords)), {
      schema: 'catalog',
      max: 1,
    });
    orders = createSql(env.databaseUrl, { schema: 'orders', max: 1 });
  });

  afterAll(async () => {
    await asCatalog?.end();
    await orders?.end();
    await system?.stop();
  });

  it("catalog's role reads its own products but is refused the orders schema, its tables and creating schemas", async () => {
    const admin = await signInAdmin(system.gatewayUrl);
    const productId = await stockProduct(admin, orders, 5);

    const own = await asCatalog`select id from catalog.products where id = ${productId}`;
    const readOrders = asCatalog`select * from orders.orders limit 1`;
    const writeOrders = asCatalog`delete from orders.catalog_products`;
    const newSchema = asCatalog`create schema catalog_extra`;

    expect(own).toEqual([{ id: productId }]);
    await expect(readOrders).rejects.toMatchObject({ code: '42501' });
    await expect(writeOrders).rejects.toMatchObject({ code: '42501' });
    await expect(newSchema).rejects.toMatchObject({ code: '42501' });
    const owners = await orders`
      select pg_get_userbyid(relowner) as owner from pg_class where oid = 'orders.orders'::regclass`;
    expect(owners).toEqual([{ owner: 'shop_order' }]);
  });
});
