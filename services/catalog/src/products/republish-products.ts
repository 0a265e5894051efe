import { type Causation, enqueueEvents } from '@shop/messaging';
import type { TransactionSql } from '@shop/platform';
import { activeProductsAfter } from '../data/products.repository.js';
import { productsUpserted } from './product.js';

const BATCH_SIZE = 500;

/** Writes products.upserted for every active product to the outbox, so an empty replica can rebuild. */
export async function republishProducts(tx: TransactionSql, causation: Causation): Promise<number> {
  let lastId = 0;
  let published = 0;
  for (;;) {
    const products = await activeProductsAfter(tx, lastId, BATCH_SIZE);
    const last = products.at(-1);
    if (!last) return published;
    enqueueEvents(tx, 'catalog', productsUpserted(products, causation));
    published += products.length;
    lastId = last.id;
  }
}
