import type { EventHandler } from '@shop/messaging';
import { upsertProduct } from '../data/catalog-replica.repository.js';

/** Keeps the catalog replica: the event carries the product's whole state. */
export const onProductUpserted: EventHandler<'product.upserted'> = async (tx, event) => {
  const { product_id, name, price, category_id, category_name, active } = event.data;
  await upsertProduct(
    tx,
    { id: product_id, name, price, categoryId: category_id, categoryName: category_name, active },
    event.occurred_at,
  );
};
