import type { Queryable } from '@shop/platform';
import type { ProductSort } from '../products/product.js';
import type { SortPosition } from './page.js';
import { type ProductRow, productColumns } from './products.repository.js';

/** Which active products a list shows; every field is optional and they combine with AND. */
export interface ProductFilter {
  /** Exact name, case-insensitive. */
  name?: string;
  /** Substring of the name, case-insensitive; `%` and `_` match themselves. */
  text?: string;
  /** Category name, case-insensitive. */
  category?: string;
  categoryId?: number;
  minPrice?: number;
  maxPrice?: number;
  /** true: quantity > 0; false: quantity = 0. */
  inStock?: boolean;
  /** At most this many units in stock (the low-stock view). */
  maxQuantity?: number;
}

export interface PageQuery {
  filter: ProductFilter;
  sort: ProductSort;
  limit: number;
  after?: SortPosition | undefined;
}

export type ProductPageRow = ProductRow & { sort_key: string };

/**
 * Up to `limit` active products after `after` in keyset order (never OFFSET): rows inserted or
 * removed meanwhile never make a walk repeat or skip the ones that were there all along.
 */
export async function findProductPage(sql: Queryable, query: PageQuery): Promise<ProductPageRow[]> {
  const { filter, after, limit } = query;
  const order = orderings[query.sort](sql);
  return sql<ProductPageRow[]>`
    select ${productColumns(sql)}, ${order.key} as sort_key
    from products p join categories c on c.id = p.category_id
    where p.active
      ${filter.name === undefined ? sql`` : sql`and lower(p.name) = lower(${filter.name})`}
      ${filter.text === undefined ? sql`` : sql`and p.name ilike ${containing(filter.text)}`}
      ${filter.category === undefined ? sql`` : sql`and lower(c.name) = lower(${filter.category})`}
      ${filter.categoryId === undefined ? sql`` : sql`and p.category_id = ${filter.categoryId}`}
      ${filter.minPrice === undefined ? sql`` : sql`and p.price >= ${filter.minPrice}`}
      ${filter.maxPrice === undefined ? sql`` : sql`and p.price <= ${filter.maxPrice}`}
      ${stockCondition(sql, filter.inStock)}
      ${filter.maxQuantity === undefined ? sql`` : sql`and p.quantity <= ${filter.maxQuantity}`}
      ${after ? order.after(after) : sql``}
    order by ${order.by}
    limit ${limit}`;
}

const orderings = {
  name: (sql: Queryable) => ({
    key: sql`lower(p.name)`,
    by: sql`lower(p.name), p.id`,
    after: (at: SortPosition) => sql`and (lower(p.name), p.id) > (${at.key}, ${at.id})`,
  }),
  price: (sql: Queryable) => ({
    key: sql`p.price::text`,
    by: sql`p.price, p.id`,
    after: (at: SortPosition) => sql`and (p.price, p.id) > (${at.key}::numeric, ${at.id})`,
  }),
  '-price': (sql: Queryable) => ({
    key: sql`p.price::text`,
    by: sql`p.price desc, p.id desc`,
    after: (at: SortPosition) => sql`and (p.price, p.id) < (${at.key}::numeric, ${at.id})`,
  }),
  created_at: (sql: Queryable) => ({
    // Keys keep microseconds, which a JS Date would lose (repeating a row at every page boundary);
    // hence text, and ::text first so that postgres.js does not serialize the parameter as a Date.
    key: sql`to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    by: sql`p.created_at, p.id`,
    after: (at: SortPosition) => sql`and (p.created_at, p.id) > (${at.key}::text::timestamptz, ${at.id})`,
  }),
  // Unindexed on purpose: an index on quantity would stop the saga's stock updates being HOT updates.
  quantity: (sql: Queryable) => ({
    key: sql`p.quantity::text`,
    by: sql`p.quantity, p.id`,
    after: (at: SortPosition) => sql`and (p.quantity, p.id) > (${at.key}::int, ${at.id})`,
  }),
} satisfies Record<ProductSort, unknown>;

function stockCondition(sql: Queryable, inStock: boolean | undefined) {
  if (inStock === undefined) return sql``;
  return inStock ? sql`and p.quantity > 0` : sql`and p.quantity = 0`;
}

/** An ILIKE pattern matching `text` anywhere, its own wildcards escaped. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
