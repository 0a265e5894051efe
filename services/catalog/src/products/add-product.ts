import { type Causation, enqueueEvents } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import { findOrCreateCategory } from '../data/categories.repository.js';
import { findProduct, insertProduct } from '../data/products.repository.js';
import { type Product, productUpserted } from './product.js';

export interface NewProduct {
  name: string;
  /** Category name; the category is created when no live one matches (case-insensitive). */
  category: string;
  price: number;
  cost: number;
  quantity: number;
}

/** Adds a product, creating its category when missing, and announces it (409 on a taken name). */
export async function addProduct(sql: Sql, input: NewProduct, causation: Causation): Promise<Product> {
  return sql.begin(async (tx) => {
    const category = await findOrCreateCategory(tx, input.category);
    const id = await insertProduct(tx, {
      name: input.name,
      category_id: category.id,
      price: input.price,
      cost: input.cost,
      quantity: input.quantity,
    });
    const product = (await findProduct(tx, id)) as Product;
    enqueueEvents(tx, 'catalog', [productUpserted(product, causation)]);
    return product;
  });
}
