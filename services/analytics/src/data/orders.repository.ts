import type { Queryable } from '@shop/platform';
import type { CancellationOutcome } from '../sales/sale.js';

/**
 * Marks an order cancelled in one atomic upsert: a counted order flips to cancelled ('reversed'),
 * an unseen one gets a tombstone ('tombstoned'), a cancelled one stays as it is ('unchanged').
 */
export async function markOrderCancelled(sql: Queryable, orderId: number): Promise<CancellationOutcome> {
  const [row] = await sql<{ inserted: boolean }[]>`
    insert into orders (order_id, status, cancelled_at) values (${orderId}, 'cancelled', now())
    on conflict (order_id) do update set status = 'cancelled', cancelled_at = now()
      where orders.status = 'executed'
    returning (xmax = 0) as inserted`;
  if (!row) return 'unchanged';
  return row.inserted ? 'tombstoned' : 'reversed';
}
