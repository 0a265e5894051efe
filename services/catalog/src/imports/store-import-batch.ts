import { enqueueEvents } from '@shop/messaging';
import type { TransactionSql } from '@shop/platform';
import {
  ensureCategories,
  type ImportedProductRow,
  upsertProducts,
} from '../data/product-import.repository.js';
import type { Causation } from '../messaging/causation.js';
import { type Product, productUpserted } from '../products/product.js';
import type { ImportMode } from './import-report.js';
import type { ImportRow } from './import-row.js';

/** Writes one batch set-based (categories, then products) and enqueues product.upserted for each. */
export async function storeImportBatch(
  tx: TransactionSql,
  rows: ImportRow[],
  mode: ImportMode,
  causation: Causation,
): Promise<ImportedProductRow[]> {
  const categories = await ensureCategories(
    tx,
    rows.map((row) => row.category),
  );
  const categoryNames = new Map([...categories.values()].map((category) => [category.id, category.name]));
  const stored = await upsertProducts(
    tx,
    rows.map(({ category, ...fields }) => ({
      ...fields,
      category_id: (categories.get(category.toLowerCase()) as { id: number }).id,
    })),
    mode === 'upsert',
  );
  const products = stored.map((row) => toProduct(row, categoryNames.get(row.category_id) ?? ''));
  await enqueueEvents(
    tx,
    'catalog',
    products.map((product) => productUpserted(product, causation)),
  );
  return stored;
}

function toProduct(row: ImportedProductRow, categoryName: string): Product {
  return {
    id: row.id,
    name: row.name,
    categoryId: row.category_id,
    categoryName,
    price: Number(row.price),
    cost: Number(row.cost),
    quantity: row.quantity,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
