import type { EventData } from '@shop/contracts';
import type { TransactionSql } from '@shop/platform';
import { lockSalesLedger } from '../data/ledger-lock.repository.js';
import { upsertCatalogProducts } from '../data/names.repository.js';

/** Keeps products' current names, and their categories', as catalog announced them (newest version wins). */
export async function recordCatalogProducts(
  tx: TransactionSql,
  products: EventData<'product.upserted'>[],
): Promise<void> {
  await lockSalesLedger(tx);
  await upsertCatalogProducts(
    tx,
    products.map((product) => ({
      productId: product.product_id,
      name: product.name,
      categoryId: product.category_id,
      categoryName: product.category_name,
      active: product.active,
      version: product.version ?? 0,
      categoryVersion: product.category_version ?? 0,
    })),
  );
}
