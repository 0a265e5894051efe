import type { TransactionSql } from '@shop/platform';

// Any fixed key: it only has to be the same for every analytics replica.
const LEDGER_LOCK_KEY = 4_201_004;

// Transactions that hold the lock already: it lasts until commit, so one round trip per batch is enough.
const holders = new WeakSet<TransactionSql>();

/**
 * Takes the lock every writer of the analytics schema holds until commit: event handlers and the
 * rebuild never interleave, and their upserts cannot deadlock on the shared day rows.
 */
export async function lockSalesLedger(tx: TransactionSql): Promise<void> {
  if (holders.has(tx)) return;
  await tx`select pg_advisory_xact_lock(${LEDGER_LOCK_KEY})`;
  holders.add(tx);
}
