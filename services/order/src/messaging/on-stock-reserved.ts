import type { EventHandler } from '@shop/messaging';
import { completeExecution } from '../orders/complete-execution.js';
import { causedBy } from './causation.js';

/** Saga step 3: catalog took the stock, so the order is executed. */
export const onStockReserved: EventHandler<'stock.reserved'> = async (tx, event) => {
  await completeExecution(tx, event.data, causedBy(event));
};
