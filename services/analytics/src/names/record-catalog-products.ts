import type { EventData } from '@shop/contracts';
import type { TransactionSql } from '@shop/platform';
import { lockSalesLedger } from '../data/ledger-lock.repository.js';
import { upsertCatalogProduct } from '../data/names.repository.js';

/** Keeps the product's current name, and its category's, as catalog announced them. */
export async function recordCatalogProduct(
  tx: TransactionSql,
  product: EventData<'product.upserted'>,
): Promise<void> {
  await lockSalesLedger(tx);
  await upsertCatalogProduct(tx, {
    productId: product.product_id,
    name: product.name,
    categoryId: product.category_id,
    categoryName: product.category_name,
    active: product.active,
  });
}
