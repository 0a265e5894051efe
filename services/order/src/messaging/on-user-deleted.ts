import type { EventHandler } from '@shop/messaging';
import { causedBy } from '@shop/messaging';
import { cancelOrdersOfDeletedUser } from '../orders/cancel-orders-of-deleted-user.js';

/** A deleted user's pending orders are cancelled; executed ones stay as history. */
export const onUserDeleted: EventHandler<'user.deleted'> = async (tx, event) => {
  await cancelOrdersOfDeletedUser(tx, event.data.user_id, causedBy(event));
};
