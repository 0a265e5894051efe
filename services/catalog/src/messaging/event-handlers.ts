import type { EventBatchHandlers, EventHandlers } from '@shop/messaging';
import { onCatalogResyncRequested } from './on-catalog-resync-requested.js';
import { onOrderCancelled } from './on-order-cancelled.js';
import { onOrderExecutionAbandoned } from './on-order-execution-abandoned.js';
import { onOrderExecutionRequested, onOrdersExecutionRequested } from './on-order-execution-requested.js';

/** Every event the catalog consumes, with its handler. */
export const catalogEventHandlers: EventHandlers = {
  'order.execution-requested': onOrderExecutionRequested,
  'order.cancelled': onOrderCancelled,
  'order.execution-abandoned': onOrderExecutionAbandoned,
  'catalog.resync-requested': onCatalogResyncRequested,
};

/** Set-based handlers for runs of one type: reservations lock the run's products together, in id order. */
export const catalogBatchHandlers: EventBatchHandlers = {
  'order.execution-requested': onOrdersExecutionRequested,
};
