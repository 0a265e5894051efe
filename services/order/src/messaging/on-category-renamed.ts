import type { EventHandler } from '@shop/messaging';
import { upsertCategory } from '../data/catalog-replica.repository.js';

/** A renamed category: later executions report the new name. */
export const onCategoryRenamed: EventHandler<'category.renamed'> = async (tx, event) => {
  await upsertCategory(tx, event.data.category_id, event.data.name, event.occurred_at);
};
