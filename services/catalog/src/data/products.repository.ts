import { ConflictError, isUniqueViolation, type Queryable } from '@shop/platform';
import type { Product } from '../products/product.js';

/** A products row joined with its category's name, as the queries here select it. */
export interface ProductRow {
  id: number;
  name: string;
  category_id: number;
  category_name: string;
  price: string;
  cost: string;
  quantity: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  /** bigint arrives as a string. */
  version: string;
  category_version: string;
}

/** The columns every product query selects (aliases `p` and `c`). */
export function productColumns(sql: Queryable) {
  return sql`p.id, p.name, p.category_id, c.name as category_name, p.price, p.cost, p.quantity,
    p.active, p.created_at, p.updated_at, p.version, c.version as category_version`;
}

/** Maps a row to a product; numeric(12,2) arrives as a string and holds at most 2 decimals. */
export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    categoryId: row.category_id,
    categoryName: row.category_name,
    price: Number(row.price),
    cost: Number(row.cost),
    quantity: row.quantity,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    categoryVersion: Number(row.category_version),
  };
}

/** The product with this id, removed or not. */
export async function findProduct(sql: Queryable, id: number): Promise<Product | undefined> {
  const [row] = await sql<ProductRow[]>`
    select ${productColumns(sql)} from products p join categories c on c.id = p.category_id
    where p.id = ${id}`;
  return row && toProduct(row);
}

export interface ProductFields {
  name: string;
  category_id: number;
  price: number;
  cost: number;
  quantity: number;
}

/** Inserts a product and returns its id; 409 when an active product has the name in any case. */
export async function insertProduct(sql: Queryable, fields: ProductFields): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into products ${sql(fields)}
    returning id`.catch(rethrowDuplicateName(fields.name));
  return (row as { id: number }).id;
}

/** Sets the given fields of an active product; false when there is none with this id. */
export async function updateProductFields(
  sql: Queryable,
  id: number,
  changes: Partial<ProductFields>,
): Promise<boolean> {
  const columns = Object.keys(changes) as (keyof ProductFields)[];
  if (columns.length === 0) return (await sql`select 1 from products where id = ${id} and active`).length > 0;
  const rows = await sql`
    update products set ${sql(changes, ...columns)}, updated_at = now()
    where id = ${id} and active
    returning id`.catch(rethrowDuplicateName(changes.name ?? ''));
  return rows.length > 0;
}

/** Adds `delta` to the stock of an active product unless that leaves it outside 0..2^31-1. */
export async function changeStock(sql: Queryable, id: number, delta: number): Promise<boolean> {
  const rows = await sql`
    update products set quantity = quantity + ${delta}, updated_at = now()
    where id = ${id} and active and quantity::bigint + ${delta} between 0 and 2147483647
    returning id`;
  return rows.length > 0;
}

/** Soft-deletes an active product (the row stays for history); false when there is none. */
export async function deactivateProduct(sql: Queryable, id: number): Promise<boolean> {
  const rows = await sql`
    update products set active = false, deleted_at = now(), updated_at = now()
    where id = ${id} and active
    returning id`;
  return rows.length > 0;
}

/** A removed product's id and the version its removal got. */
export interface ProductRemoval {
  id: number;
  version: number;
}

/** Soft-deletes every active product of a category and returns them in id order. */
export async function deactivateProductsOf(sql: Queryable, categoryId: number): Promise<ProductRemoval[]> {
  // Locked in id order first, as stock reservations lock them, so the two never deadlock.
  const rows = await sql<{ id: number; version: string }[]>`
    with doomed as (
      select id from products where category_id = ${categoryId} and active order by id for update
    )
    update products p set active = false, deleted_at = now(), updated_at = now()
    from doomed where p.id = doomed.id
    returning p.id, p.version`;
  return rows.map((row) => ({ id: row.id, version: Number(row.version) })).sort((a, b) => a.id - b.id);
}

/** Up to `limit` active products with an id above `afterId`, in id order. */
export async function activeProductsAfter(
  sql: Queryable,
  afterId: number,
  limit: number,
): Promise<Product[]> {
  const rows = await sql<ProductRow[]>`
    select ${productColumns(sql)} from products p join categories c on c.id = p.category_id
    where p.active and p.id > ${afterId}
    order by p.id
    limit ${limit}`;
  return rows.map(toProduct);
}

function rethrowDuplicateName(name: string) {
  return function duplicateNameToConflict(error: unknown): never {
    if (isUniqueViolation(error, 'products_active_name')) {
      throw new ConflictError(`A product named "${name}" already exists`);
    }
    throw error;
  };
}
