import { ConflictError, type Queryable } from '@shop/platform';
import type { Category } from '../categories/category.js';
import { isUniqueViolation } from './unique-violation.js';

/** Which of these lower-cased names an active product already has (lower-cased). */
export async function findActiveNames(sql: Queryable, lowerNames: string[]): Promise<Set<string>> {
  const rows = await sql<{ name: string }[]>`
    select lower(name) as name from products
    where active and lower(name) = any(${sql.array(lowerNames)}::text[])`;
  return new Set(rows.map((row) => row.name));
}

/** The live categories of these names (any case), creating the missing ones in one statement. */
export async function ensureCategories(sql: Queryable, names: string[]): Promise<Map<string, Category>> {
  const rows = await sql<Category[]>`
    with wanted as (
      select distinct on (lower(n)) n as name from unnest(${sql.array(names)}::text[]) n order by lower(n), n
    ), created as (
      insert into categories (name)
      select name from wanted w
      where not exists (select 1 from categories c where lower(c.name) = lower(w.name) and c.deleted_at is null)
      on conflict (lower(name)) where deleted_at is null do nothing
      returning id, name
    )
    select id, name from created
    union all
    select c.id, c.name from categories c join wanted w on lower(c.name) = lower(w.name)
    where c.deleted_at is null`;
  const byName = new Map(rows.map((row) => [row.name.toLowerCase(), row]));
  // A category created by a concurrent transaction after this statement's snapshot is invisible here.
  if (names.some((name) => !byName.has(name.toLowerCase()))) {
    throw new ConflictError('Categories are being changed concurrently; try again');
  }
  return byName;
}

export interface ImportedProductFields {
  name: string;
  category_id: number;
  price: number;
  cost: number;
  quantity: number;
}

/** A stored product as the batch write returns it; `inserted` is false for an updated one. */
export interface ImportedProductRow {
  id: number;
  name: string;
  category_id: number;
  price: string;
  cost: string;
  quantity: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  inserted: boolean;
}

/**
 * Writes a batch in one statement: new names are inserted; with `update`, an active product of the
 * same name (any case) gets the row's category, price, cost and quantity (its name keeps its case).
 */
export async function upsertProducts(
  sql: Queryable,
  products: ImportedProductFields[],
  update: boolean,
): Promise<ImportedProductRow[]> {
  const column = <K extends keyof ImportedProductFields>(key: K) => products.map((product) => product[key]);
  const conflict = update
    ? sql`on conflict (lower(name)) where active do update set category_id = excluded.category_id,
        price = excluded.price, cost = excluded.cost, quantity = excluded.quantity, updated_at = now()`
    : sql``;
  return sql<ImportedProductRow[]>`
    insert into products (name, category_id, price, cost, quantity)
    select * from unnest(
      ${sql.array(column('name'))}::text[],
      ${sql.array(column('category_id'))}::int[],
      ${sql.array(column('price').map(String))}::numeric[],
      ${sql.array(column('cost').map(String))}::numeric[],
      ${sql.array(column('quantity'))}::int[])
    ${conflict}
    returning id, name, category_id, price, cost, quantity, active, created_at, updated_at,
      (xmax = 0) as inserted`.catch(function takenNameToConflict(error: unknown): never {
    // Only reachable when another writer adds one of these names while this batch is written.
    if (isUniqueViolation(error, 'products_active_name')) {
      throw new ConflictError('A product of this import was added concurrently; try again');
    }
    throw error;
  });
}
