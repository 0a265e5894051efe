import type { Envelope, EventData } from '@shop/contracts';
import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { type ProductUpsert, upsertProducts } from '../data/catalog-replica.repository.js';

/** Keeps the catalog replica: the events carry products' whole state, applied in catalog version order. */
export const onProductsUpserted: EventBatchHandler<'product.upserted'> = async (tx, events) => {
  await upsertProducts(tx, events.map(toProductUpsert));
};

/** One product.upserted: a batch of one. */
export const onProductUpserted: EventHandler<'product.upserted'> = (tx, event) =>
  onProductsUpserted(tx, [event]);

function toProductUpsert({ data, occurred_at }: Envelope<EventData<'product.upserted'>>): ProductUpsert {
  return {
    id: data.product_id,
    name: data.name,
    price: data.price,
    categoryId: data.category_id,
    categoryName: data.category_name,
    active: data.active,
    version: data.version ?? 0,
    categoryVersion: data.category_version ?? 0,
    syncedAt: occurred_at,
  };
}
