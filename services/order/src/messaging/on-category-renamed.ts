import type { EventHandler } from '@shop/messaging';
import { upsertCategories } from '../data/catalog-replica.repository.js';

/** A renamed category: later executions report the new name, unless a newer one is already there. */
export const onCategoryRenamed: EventHandler<'category.renamed'> = async (tx, event) => {
  const { category_id, name, version } = event.data;
  await upsertCategories(tx, [{ id: category_id, name, version: version ?? 0, syncedAt: event.occurred_at }]);
};
