import type { EventData } from '@shop/contracts';
import type { EventBatchHandler, EventHandler } from '@shop/messaging';
import { type ProductUpsert, upsertProducts } from '../data/catalog-replica.repository.js';

/** Keeps the catalog replica: a run of product.upserted from the queue, applied in catalog version order. */
export const onProductUpsertedRun: EventBatchHandler<'product.upserted'> = async (tx, events) => {
  await upsertProducts(
    tx,
    events.map((event) => toProductUpsert(event.data, event.occurred_at)),
  );
};

/** One product.upserted: a run of one. */
export const onProductUpserted: EventHandler<'product.upserted'> = (tx, event) =>
  onProductUpsertedRun(tx, [event]);

/** A product's whole state as catalog announced it at `occurredAt`, as the replica writes it. */
export function toProductUpsert(data: EventData<'product.upserted'>, occurredAt: string): ProductUpsert {
  return {
    id: data.product_id,
    name: data.name,
    price: data.price,
    categoryId: data.category_id,
    categoryName: data.category_name,
    active: data.active,
    version: data.version ?? 0,
    categoryVersion: data.category_version ?? 0,
    syncedAt: occurredAt,
  };
}
