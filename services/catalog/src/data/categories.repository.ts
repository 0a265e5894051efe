import { ConflictError, isUniqueViolation, type Queryable } from '@shop/platform';
import type { Category, CategorySummary } from '../categories/category.js';
import type { SortPosition } from './page.js';

/** The live category of this name (case-insensitive). */
export async function findCategory(sql: Queryable, name: string): Promise<Category | undefined> {
  const [row] = await sql<Category[]>`
    select id, name from categories where lower(name) = lower(${name}) and deleted_at is null`;
  return row;
}

const FIND_OR_CREATE_ATTEMPTS = 5;

/**
 * The live category of this name, created when there is none. FOR SHARE makes a concurrent delete
 * or rename of it wait for this transaction (or this one for it), so no product lands in a category
 * deleted meanwhile; a racing creation is retried by looking again.
 */
export async function findOrCreateCategory(sql: Queryable, name: string): Promise<Category> {
  for (let attempt = 0; attempt < FIND_OR_CREATE_ATTEMPTS; attempt++) {
    const [live] = await sql<Category[]>`
      select id, name from categories where lower(name) = lower(${name}) and deleted_at is null
      for share`;
    if (live) return live;
    const [created] = await sql<Category[]>`
      insert into categories (name) values (${name})
      on conflict (lower(name)) where deleted_at is null do nothing
      returning id, name`;
    if (created) return created;
  }
  throw new ConflictError(`Category "${name}" is being changed concurrently; try again`);
}

/** Creates a category; 409 when a live one has the name in any case. */
export async function insertCategory(sql: Queryable, name: string): Promise<Category> {
  const [row] = await sql<Category[]>`
    insert into categories (name) values (${name}) returning id, name`.catch(rethrowTaken(name));
  return row as Category;
}

/**
 * Renames a live category and answers it with the version the rename got; undefined when there is
 * none named `from`, 409 when `to` is taken.
 */
export async function updateCategoryName(
  sql: Queryable,
  from: string,
  to: string,
): Promise<(Category & { version: number }) | undefined> {
  const [row] = await sql<(Category & { version: string })[]>`
    update categories set name = ${to}
    where lower(name) = lower(${from}) and deleted_at is null
    returning id, name, version`.catch(rethrowTaken(to));
  return row && { id: row.id, name: row.name, version: Number(row.version) };
}

/** Marks a live category deleted (products keep pointing at it for history). */
export async function markCategoryDeleted(sql: Queryable, name: string): Promise<Category | undefined> {
  const [row] = await sql<Category[]>`
    update categories set deleted_at = now()
    where lower(name) = lower(${name}) and deleted_at is null
    returning id, name`;
  return row;
}

/** How many active products a category holds. */
export async function countActiveProducts(sql: Queryable, categoryId: number): Promise<number> {
  const [row] = await sql<{ count: number }[]>`
    select count(*)::int as count from products where category_id = ${categoryId} and active`;
  return row?.count ?? 0;
}

export type CategoryPageRow = CategorySummary & { sort_key: string };

/** Up to `limit` live categories after `after`, by case-insensitive name, with their product counts. */
export async function findCategoryPage(
  sql: Queryable,
  { limit, after }: { limit: number; after?: SortPosition | undefined },
): Promise<CategoryPageRow[]> {
  return sql<CategoryPageRow[]>`
    select c.id, c.name, lower(c.name) as sort_key,
      (select count(*)::int from products p where p.category_id = c.id and p.active) as "productCount"
    from categories c
    where c.deleted_at is null
      ${after ? sql`and (lower(c.name), c.id) > (${after.key}, ${after.id})` : sql``}
    order by lower(c.name), c.id
    limit ${limit}`;
}

function rethrowTaken(name: string) {
  return function takenNameToConflict(error: unknown): never {
    if (isUniqueViolation(error, 'categories_live_name')) {
      throw new ConflictError(`A category named "${name}" already exists`);
    }
    throw error;
  };
}
