import type { EventHandler } from '@shop/messaging';
import { abandonAttempt } from '../stock/abandon-attempt.js';

/** The order service gave up an execution attempt: whatever stock it holds goes back. */
export const onOrderExecutionAbandoned: EventHandler<'order.execution-abandoned'> = (tx, event) =>
  abandonAttempt(tx, event.data.order_id, event.data.attempt);
