import type { TransactionSql } from '@shop/platform';
import { lockSalesLedger } from '../data/ledger-lock.repository.js';
import { renameCategory } from '../data/names.repository.js';

/** Statistics show a renamed category under its new name, including its past sales. */
export async function recordCategoryRename(
  tx: TransactionSql,
  categoryId: number,
  name: string,
): Promise<void> {
  await lockSalesLedger(tx);
  await renameCategory(tx, categoryId, name);
}
