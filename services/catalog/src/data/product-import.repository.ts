import { ConflictError, isUniqueViolation, type Queryable } from '@shop/platform';
import type { Category } from '../categories/category.js';
import { inChunk, type StagedChunk, type StagingConnection } from './import-staging.repository.js';

/** Which of these lower-cased names an active product already has (lower-cased). */
export async function findActiveNames(sql: Queryable, lowerNames: string[]): Promise<Set<string>> {
  const rows = await sql<{ name: string }[]>`
    select lower(name) as name from products
    where active and lower(name) = any(${sql.array(lowerNames)}::text[])`;
  return new Set(rows.map((row) => row.name));
}

/**
 * Creates the missing categories of these staged rows, in name order so concurrent imports
 * creating the same ones wait for each other instead of deadlocking; one that another import
 * creates meanwhile is taken as it is (ON CONFLICT). Run outside a transaction: it commits at once.
 */
export async function createMissingCategories(
  connection: StagingConnection,
  chunk: StagedChunk,
): Promise<void> {
  await connection`
    insert into categories (name)
    select distinct on (lower(r.category)) r.category from import_rows r
    where ${inChunk(connection, chunk)}
      and not exists (
        select 1 from categories c where lower(c.name) = lower(r.category) and c.deleted_at is null)
    order by lower(r.category), r.category
    on conflict (lower(name)) where deleted_at is null do nothing`;
}

/**
 * The live categories of these staged rows, locked FOR SHARE (in name order) so a concurrent delete
 * or rename waits for this transaction, as it does for a single product's.
 */
export async function lockStagedCategories(
  tx: StagingConnection,
  chunk: StagedChunk,
): Promise<Map<number, Category>> {
  const rows = await tx<Category[]>`
    select c.id, c.name from categories c
    where c.deleted_at is null and lower(c.name) in (
      select lower(r.category) from import_rows r where ${inChunk(tx, chunk)})
    order by lower(c.name)
    for share`;
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Locks the active products these staged rows update, in id order: the order the saga's stock
 * updates take them in, so an import never deadlocks with it nor with another import.
 */
export async function lockStagedProducts(tx: StagingConnection, chunk: StagedChunk): Promise<void> {
  await tx`
    select p.id from products p
    -- = any(array(…)): an index lookup per key, whatever the planner thinks of products' size.
    where p.active and lower(p.name) = any(array(select r.key from import_rows r where ${inChunk(tx, chunk)}))
    order by p.id
    for update`;
}

/** A stored product as the chunk write returns it; `inserted` is false for an updated one. */
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
  version: string;
  inserted: boolean;
}

/**
 * Writes these staged rows in one statement: new names are inserted; with `update`, an active
 * product of the same name (any case) gets the row's category, price, cost and quantity (its name
 * keeps its case). A row whose category was deleted meanwhile is not written.
 */
export async function writeStagedProducts(
  tx: StagingConnection,
  chunk: StagedChunk,
  update: boolean,
): Promise<ImportedProductRow[]> {
  const conflict = update
    ? tx`on conflict (lower(name)) where active do update set category_id = excluded.category_id,
        price = excluded.price, cost = excluded.cost, quantity = excluded.quantity, updated_at = now()`
    : tx``;
  return tx<ImportedProductRow[]>`
    insert into products (name, category_id, price, cost, quantity)
    select r.name, c.id, r.price, r.cost, r.quantity
    from import_rows r join categories c on lower(c.name) = lower(r.category) and c.deleted_at is null
    where ${inChunk(tx, chunk)}
    order by r.key
    ${conflict}
    returning id, name, category_id, price, cost, quantity, active, created_at, updated_at, version,
      (xmax = 0) as inserted`.catch(function takenNameToConflict(error: unknown): never {
    // Only reachable when another writer adds one of these names while this chunk is written.
    if (isUniqueViolation(error, 'products_active_name')) {
      throw new ConflictError('A product of this import was added concurrently; try again');
    }
    throw error;
  });
}
