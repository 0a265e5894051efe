import type { EventData } from '@shop/contracts';
import type { TransactionSql } from '@shop/platform';
import { lockSalesLedger } from '../data/ledger-lock.repository.js';
import { renameCategories } from '../data/names.repository.js';

/** Statistics show a renamed category under its new name, including its past sales, unless a newer one is known. */
export async function recordCategoryRename(
  tx: TransactionSql,
  rename: EventData<'category.renamed'>,
): Promise<void> {
  await lockSalesLedger(tx);
  await renameCategories(tx, [
    { categoryId: rename.category_id, name: rename.name, version: rename.version ?? 0 },
  ]);
}
