import type { FieldError, Queryable } from '@shop/platform';
import { UnprocessableError } from '@shop/platform';
import { replicaProducts } from '../data/catalog-replica.repository.js';
import { type PricedLine, replaceLines } from '../data/order-items.repository.js';
import { mergeLines, type RequestedLine } from './order.js';
import { totalTooLarge } from './order-errors.js';

/**
 * Merges the requested lines and prices them from the catalog replica; 422 naming every product that
 * is unknown or no longer sold.
 */
export async function priceLines(sql: Queryable, requested: RequestedLine[]): Promise<PricedLine[]> {
  const merged = mergeLines(requested);
  const products = await replicaProducts(
    sql,
    merged.map((line) => line.product_id),
  );
  const problems: FieldError[] = [];
  const priced: PricedLine[] = [];
  for (const line of merged) {
    const product = products.get(line.product_id);
    const path = `items.${requested.findIndex((item) => item.product_id === line.product_id)}.product_id`;
    if (!product) problems.push({ path, message: `Unknown product ${line.product_id}` });
    else if (!product.active)
      problems.push({ path, message: `Product ${line.product_id} is no longer sold` });
    else {
      priced.push({
        productId: product.id,
        productName: product.name,
        categoryId: product.categoryId,
        categoryName: product.categoryName,
        quantity: line.quantity,
        unitPrice: product.price,
      });
    }
  }
  if (problems.length > 0) {
    throw new UnprocessableError(`Cannot order: ${problems.map((p) => p.message).join('; ')}`, problems);
  }
  return priced;
}

/** Stores an order's priced lines and its total; 422 when the total exceeds what an order can hold. */
export async function setOrderLines(sql: Queryable, orderId: number, lines: PricedLine[]): Promise<void> {
  if (!(await replaceLines(sql, orderId, lines))) throw totalTooLarge();
}
