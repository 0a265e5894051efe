import type { Queryable, Sql, TransactionSql } from '@shop/platform';

/** A product as the replica has it, with its category's name. */
export interface ReplicaProduct {
  id: number;
  name: string;
  price: number;
  categoryId: number;
  categoryName: string;
  active: boolean;
}

// Each write carries the occurred_at of its event: a write older than the row is ignored, so events
// handled out of order (redelivery, concurrent batches) never bring back a stale state.

/** Writes a product's whole state and its category's name, unless the rows already hold newer ones. */
export async function upsertProduct(
  sql: Queryable,
  product: ReplicaProduct,
  syncedAt: string,
): Promise<void> {
  await upsertCategory(sql, product.categoryId, product.categoryName, syncedAt);
  await sql`
    insert into catalog_products (id, name, price, category_id, active, synced_at)
    values (${product.id}, ${product.name}, ${product.price}, ${product.categoryId}, ${product.active}, ${syncedAt})
    on conflict (id) do update
      set name = excluded.name, price = excluded.price, category_id = excluded.category_id,
        active = excluded.active, synced_at = excluded.synced_at
      where catalog_products.synced_at <= excluded.synced_at`;
}

/** Writes a category's name unless the row already holds a newer one. */
export async function upsertCategory(
  sql: Queryable,
  id: number,
  name: string,
  syncedAt: string,
): Promise<void> {
  await sql`
    insert into catalog_categories (id, name, synced_at) values (${id}, ${name}, ${syncedAt})
    on conflict (id) do update set name = excluded.name, synced_at = excluded.synced_at
      where catalog_categories.synced_at <= excluded.synced_at`;
}

/** Stops offering a product (its row stays, so history keeps the name), unless a newer state is there. */
export async function deactivateProduct(sql: Queryable, id: number, syncedAt: string): Promise<void> {
  await sql`
    update catalog_products set active = false, synced_at = ${syncedAt}
    where id = ${id} and synced_at <= ${syncedAt}`;
}

/** The replica's products among `ids`, by id. */
export async function replicaProducts(sql: Queryable, ids: number[]): Promise<Map<number, ReplicaProduct>> {
  const rows = await sql<
    {
      id: number;
      name: string;
      price: string;
      category_id: number;
      category_name: string | null;
      active: boolean;
    }[]
  >`
    select p.id, p.name, p.price, p.category_id, c.name as category_name, p.active
    from catalog_products p left join catalog_categories c on c.id = p.category_id
    where p.id = any(${ids}::int[])`;
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        name: row.name,
        price: Number(row.price),
        categoryId: row.category_id,
        categoryName: row.category_name ?? '',
        active: row.active,
      },
    ]),
  );
}

// Any fixed key: it only has to be the same in every order replica.
const RESYNC_LOCK_KEY = 4_201_003;

/** Runs `work` in a transaction holding a lock that every order replica takes for its start-up resync check. */
export async function withResyncLock<T>(sql: Sql, work: (tx: TransactionSql) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${RESYNC_LOCK_KEY})`;
    return work(tx);
  }) as Promise<T>;
}

/** True when the replica holds no product at all. */
export async function replicaIsEmpty(sql: Queryable): Promise<boolean> {
  const [row] = await sql<{ empty: boolean }[]>`select not exists (select 1 from catalog_products) as empty`;
  return row?.empty ?? false;
}
