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

/**
 * A change as catalog announced it: the row versions catalog assigned (0 when the event predates
 * them) and its occurred_at, which only orders changes that both lack a version.
 */
export interface ReplicaChange {
  version: number;
  syncedAt: string;
}

export type ProductUpsert = ReplicaProduct & ReplicaChange & { categoryVersion: number };

export type ProductRemoval = ReplicaChange & { id: number };

export type CategoryRename = ReplicaChange & { id: number; name: string };

// A write applies when its version is newer than the row's; between two unversioned ones (events
// written before catalog counted versions), the later occurred_at wins as it used to. Each statement
// keeps the newest change per row of its input, so a whole batch is one statement.

/** Writes products' whole state and their categories' names, except where the rows hold newer ones. */
export async function upsertProducts(sql: Queryable, products: ProductUpsert[]): Promise<void> {
  if (products.length === 0) return;
  await upsertCategories(
    sql,
    products.map((product) => ({
      id: product.categoryId,
      name: product.categoryName,
      version: product.categoryVersion,
      syncedAt: product.syncedAt,
    })),
  );
  const column = <K extends keyof ProductUpsert>(key: K) => products.map((product) => product[key]);
  // sql.array for the booleans: postgres.js sends a plain boolean array as one boolean.
  await sql`
    insert into catalog_products as known (id, name, price, category_id, active, version, synced_at)
    select distinct on (id) * from unnest(
      ${column('id')}::int[], ${column('name')}::text[], ${column('price')}::numeric[],
      ${column('categoryId')}::int[], ${sql.array(column('active'))}::bool[], ${column('version')}::bigint[],
      ${column('syncedAt')}::timestamptz[]
    ) as change (id, name, price, category_id, active, version, synced_at)
    order by id, version desc, synced_at desc
    on conflict (id) do update
      set name = excluded.name, price = excluded.price, category_id = excluded.category_id,
        active = excluded.active, version = excluded.version, synced_at = excluded.synced_at
      where ${isNewer(sql)}`;
}

/** Writes categories' names, except where the rows hold newer ones. */
export async function upsertCategories(sql: Queryable, categories: CategoryRename[]): Promise<void> {
  if (categories.length === 0) return;
  const column = <K extends keyof CategoryRename>(key: K) => categories.map((category) => category[key]);
  await sql`
    insert into catalog_categories as known (id, name, version, synced_at)
    select distinct on (id) * from unnest(
      ${column('id')}::int[], ${column('name')}::text[], ${column('version')}::bigint[],
      ${column('syncedAt')}::timestamptz[]
    ) as change (id, name, version, synced_at)
    order by id, version desc, synced_at desc
    on conflict (id) do update set name = excluded.name, version = excluded.version, synced_at = excluded.synced_at
      where ${isNewer(sql)}`;
}

/**
 * Stops offering products (a known row keeps its name for history), unless a newer state is there;
 * an unknown one gets a tombstone, so an older product.upserted arriving later cannot bring it back.
 */
export async function deactivateProducts(sql: Queryable, removals: ProductRemoval[]): Promise<void> {
  if (removals.length === 0) return;
  await sql`
    insert into catalog_products as known (id, active, version, synced_at)
    select distinct on (id) id, false, version, synced_at from unnest(
      ${removals.map((removal) => removal.id)}::int[], ${removals.map((removal) => removal.version)}::bigint[],
      ${removals.map((removal) => removal.syncedAt)}::timestamptz[]
    ) as change (id, version, synced_at)
    order by id, version desc, synced_at desc
    on conflict (id) do update set active = false, version = excluded.version, synced_at = excluded.synced_at
      where ${isNewer(sql)}`;
}

function isNewer(sql: Queryable) {
  return sql`excluded.version > known.version
    or (excluded.version = 0 and known.version = 0 and excluded.synced_at >= known.synced_at)`;
}

/** The replica's products among `ids`, by id (a tombstone of a product never seen is unknown). */
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
    where p.id = any(${ids}::int[]) and p.name is not null`;
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
