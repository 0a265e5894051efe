import type { Queryable } from '@shop/platform';
import type { ExecutedOrder } from '../sales/sale.js';

/** A product as catalog announces it (product.upserted). */
export interface CatalogProduct {
  productId: number;
  name: string;
  categoryId: number;
  categoryName: string;
  active: boolean;
}

/** Overwrites the replica's product and its category's name with catalog's current state. */
export async function upsertCatalogProduct(sql: Queryable, product: CatalogProduct): Promise<void> {
  await sql`
    with category as (
      insert into categories (category_id, catalog_name) values (${product.categoryId}, ${product.categoryName})
      on conflict (category_id) do update set catalog_name = excluded.catalog_name, updated_at = now()
    )
    insert into products (product_id, catalog_name, active)
    values (${product.productId}, ${product.name}, ${product.active})
    on conflict (product_id) do update set
      catalog_name = excluded.catalog_name, active = excluded.active, updated_at = now()`;
}

/** Marks a product removed; its name stays, as catalog keeps it for history. */
export async function markProductRemoved(sql: Queryable, productId: number): Promise<void> {
  await sql`
    insert into products (product_id, active) values (${productId}, false)
    on conflict (product_id) do update set active = false, updated_at = now()`;
}

/** Sets a category's current name. */
export async function renameCategory(sql: Queryable, categoryId: number, name: string): Promise<void> {
  await sql`
    insert into categories (category_id, catalog_name) values (${categoryId}, ${name})
    on conflict (category_id) do update set catalog_name = excluded.catalog_name, updated_at = now()`;
}

/** Keeps the names a sale carried as the fallback for products and categories catalog never named. */
export async function recordSoldNames(sql: Queryable, order: ExecutedOrder): Promise<void> {
  const { items } = order;
  await sql`
    with line as (
      select * from unnest(
        ${items.map((item) => item.product_id)}::int[], ${items.map((item) => item.product_name)}::text[],
        ${items.map((item) => item.category_id)}::int[], ${items.map((item) => item.category_name)}::text[]
      ) as line (product_id, product_name, category_id, category_name)
    ), category as (
      insert into categories as known (category_id, sold_as)
      select distinct on (category_id) category_id, category_name from line order by category_id
      on conflict (category_id) do update set sold_as = excluded.sold_as
        where known.sold_as is distinct from excluded.sold_as
    )
    insert into products as known (product_id, sold_as)
    select distinct on (product_id) product_id, product_name from line order by product_id
    on conflict (product_id) do update set sold_as = excluded.sold_as
      where known.sold_as is distinct from excluded.sold_as`;
}

/** True when catalog never sent a product name: the replica must be filled by a resync. */
export async function catalogNamesAreEmpty(sql: Queryable): Promise<boolean> {
  const [row] = await sql<{ empty: boolean }[]>`
    select not exists (select 1 from products where catalog_name is not null) as empty`;
  return row?.empty ?? true;
}
