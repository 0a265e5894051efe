import type { EventHandler } from '@shop/messaging';
import { causedBy } from '@shop/messaging';
import { rejectExecution } from '../execution/reject-execution.js';

/** Saga step 3: catalog could not take the stock, so the order goes back to pending with the shortages. */
export const onStockRejected: EventHandler<'stock.rejected'> = async (tx, event) => {
  await rejectExecution(tx, event.data, causedBy(event));
};
