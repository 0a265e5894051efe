import type { Queryable } from '@shop/platform';
import { findProduct } from '../data/products.repository.js';
import { type Product, productNotFound } from './product.js';

/** The active product with this id; 404 when there is none or it was removed. */
export async function getProduct(sql: Queryable, id: number): Promise<Product> {
  const product = await findProduct(sql, id);
  if (!product?.active) throw productNotFound(id);
  return product;
}
