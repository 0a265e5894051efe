import { type Causation, enqueueEvents } from '@shop/messaging';
import { ConflictError, type TransactionSql } from '@shop/platform';
import {
  inStagingTransaction,
  type StagedChunk,
  type StagingConnection,
} from '../data/import-staging.repository.js';
import {
  createMissingCategories,
  type ImportedProductRow,
  lockStagedCategories,
  lockStagedProducts,
  writeStagedProducts,
} from '../data/product-import.repository.js';
import { type Product, productsUpserted } from '../products/product.js';
import type { ImportMode } from './import-report.js';

/**
 * Writes one chunk of staged rows (keys in name order) in a short transaction of its own: missing
 * categories created first (committed at once), then categories locked for share and the products
 * it updates locked in id order, the chunk written set-based with its products.upserted events.
 */
export async function storeImportBatch(
  connection: StagingConnection,
  chunk: StagedChunk,
  mode: ImportMode,
  causation: Causation,
): Promise<ImportedProductRow[]> {
  await createMissingCategories(connection, chunk);
  return inStagingTransaction(connection, async (tx) => {
    const categories = await lockStagedCategories(tx, chunk);
    await lockStagedProducts(tx, chunk);
    const stored = await writeStagedProducts(tx, chunk, mode === 'upsert');
    if (stored.length !== chunk.size) {
      throw new ConflictError('A category of this import was deleted while it was written; try again');
    }
    await enqueueEvents(
      tx as unknown as TransactionSql,
      'catalog',
      productsUpserted(
        stored.map((row) => toProduct(row, categories.get(row.category_id)?.name ?? '')),
        causation,
      ),
      // Published after the saga's replies, which must not wait behind a whole import.
      { bulk: true },
    );
    return stored;
  });
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
    version: Number(row.version),
  };
}
