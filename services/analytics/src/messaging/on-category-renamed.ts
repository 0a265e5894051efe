import type { EventHandler } from '@shop/messaging';
import { recordCategoryRename } from '../names/record-category-rename.js';

/** Statistics name a category as catalog names it now. */
export const onCategoryRenamed: EventHandler<'category.renamed'> = (tx, event) =>
  recordCategoryRename(tx, event.data);
