import type { EventData } from '@shop/contracts';

/** An executed order as analytics records it: the order.executed data. */
export type ExecutedOrder = EventData<'order.executed'>;

/** What a cancellation did to the ledger. */
export type CancellationOutcome =
  /** The order was counted; its facts and aggregates are now reversed. */
  | 'reversed'
  /** The order was not seen yet: a tombstone keeps a late order.executed from counting it. */
  | 'tombstoned'
  /** Already cancelled: nothing to do. */
  | 'unchanged';
