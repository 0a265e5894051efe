import type { Queryable } from '@shop/platform';
import type { ExecutedOrder } from '../sales/sale.js';

/** A product as catalog announces it (product.upserted), with the row versions catalog gave it (0: none). */
export interface CatalogProduct {
  productId: number;
  name: string;
  categoryId: number;
  categoryName: string;
  active: boolean;
  version: number;
  categoryVersion: number;
}

/** A category name as catalog announced it, with its version (0: none). */
export interface CatalogCategory {
  categoryId: number;
  name: string;
  version: number;
}

/** A removal as catalog announced it (product.deleted), with the version it got (0: none). */
export interface CatalogRemoval {
  productId: number;
  version: number;
}

// A change applies when its version is newer than the row's; unversioned events (written before
// catalog counted versions) only overwrite unversioned rows, the last one winning as it used to.
// Each statement keeps the newest change per row of its input, so a batch is one statement.

/** Writes products' current names and states, and their categories' names, except where newer ones are. */
export async function upsertCatalogProducts(sql: Queryable, products: CatalogProduct[]): Promise<void> {
  if (products.length === 0) return;
  await renameCategories(
    sql,
    products.map((product) => ({
      categoryId: product.categoryId,
      name: product.categoryName,
      version: product.categoryVersion,
    })),
  );
  await sql`
    insert into products as known (product_id, catalog_name, active, catalog_version)
    select distinct on (product_id) * from unnest(
      ${products.map((product) => product.productId)}::int[],
      ${products.map((product) => product.name)}::text[],
      ${sql.array(products.map((product) => product.active))}::bool[],
      ${products.map((product) => product.version)}::bigint[]
    ) as change (product_id, catalog_name, active, catalog_version)
    order by product_id, catalog_version desc
    on conflict (product_id) do update set catalog_name = excluded.catalog_name, active = excluded.active,
      catalog_version = excluded.catalog_version, updated_at = now()
      where ${isNewer(sql)}`;
}

/** Marks products removed, except where a newer state is there; their names stay, as catalog keeps them. */
export async function markProductsRemoved(sql: Queryable, removals: CatalogRemoval[]): Promise<void> {
  if (removals.length === 0) return;
  await sql`
    insert into products as known (product_id, active, catalog_version)
    select distinct on (product_id) product_id, false, catalog_version from unnest(
      ${removals.map((removal) => removal.productId)}::int[],
      ${removals.map((removal) => removal.version)}::bigint[]
    ) as change (product_id, catalog_version)
    order by product_id, catalog_version desc
    on conflict (product_id) do update set active = false, catalog_version = excluded.catalog_version,
      updated_at = now()
      where ${isNewer(sql)}`;
}

/** Sets categories' current names, except where newer ones are. */
export async function renameCategories(sql: Queryable, categories: CatalogCategory[]): Promise<void> {
  if (categories.length === 0) return;
  await sql`
    insert into categories as known (category_id, catalog_name, catalog_version)
    select distinct on (category_id) * from unnest(
      ${categories.map((category) => category.categoryId)}::int[],
      ${categories.map((category) => category.name)}::text[],
      ${categories.map((category) => category.version)}::bigint[]
    ) as change (category_id, catalog_name, catalog_version)
    order by category_id, catalog_version desc
    on conflict (category_id) do update set catalog_name = excluded.catalog_name,
      catalog_version = excluded.catalog_version, updated_at = now()
      where ${isNewer(sql)}`;
}

function isNewer(sql: Queryable) {
  return sql`excluded.catalog_version > known.catalog_version
    or (excluded.catalog_version = 0 and known.catalog_version = 0)`;
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
