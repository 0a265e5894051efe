import type { EventHandler } from '@shop/messaging';
import { causedBy } from '@shop/messaging';
import { republishProducts } from '../products/republish-products.js';

/** An empty replica asked for the catalog: every active product is published again. */
export const onCatalogResyncRequested: EventHandler<'catalog.resync-requested'> = async (tx, event) => {
  await republishProducts(tx, causedBy(event));
};
