import type { Purge } from '@shop/platform';

/** How long the messaging tables keep their rows (INBOX_RETENTION_DAYS and friends). */
export interface MessagingRetention {
  inboxDays: number;
  outboxHours: number;
  /** Capped at `inboxDays`: see deadLettersPurge. */
  deadLetterDays: number;
}

/**
 * The inbox forgets a message id `days` after the message was handled. A duplicate reaches a
 * consumer in three ways, each bounded well inside that window: a redelivery (ack lost, consumer or
 * connection gone), which comes back within seconds; a re-publish by the outbox relay (crash
 * between confirm and commit), which sits in the queue right behind the first copy, so both are
 * handled within moments of each other, however long they waited; and the replay of a stored dead
 * letter whose other copy was handled, which cannot come later than the dead letter's own retention
 * (at most the inbox's). So a duplicate after the window has no route to arrive.
 */
export function inboxPurge(days: number): Purge {
  return {
    table: 'inbox',
    async purge(tx, limit) {
      const { count } = await tx`
        delete from inbox where ctid = any(array(
          select ctid from inbox where received_at < now() - make_interval(days => ${days})
          limit ${limit} for update skip locked))`;
      return count;
    },
  };
}

/** Published outbox rows, kept `hours` for inspection; unpublished rows are never touched. */
export function outboxPurge(hours: number): Purge {
  return {
    table: 'outbox',
    async purge(tx, limit) {
      const { count } = await tx`
        delete from outbox where ctid = any(array(
          select ctid from outbox where published_at < now() - make_interval(hours => ${hours})
          limit ${limit} for update skip locked))`;
      return count;
    },
  };
}

/**
 * Stored dead letters nobody replayed within `days` (a replay deletes its row at once). Kept no
 * longer than the inbox keeps ids, so a late replay still meets the id of a copy handled meanwhile.
 */
export function deadLettersPurge(days: number): Purge {
  return {
    table: 'dead_letters',
    async purge(tx, limit) {
      const { count } = await tx`
        delete from dead_letters where ctid = any(array(
          select ctid from dead_letters where dead_lettered_at < now() - make_interval(days => ${days})
          limit ${limit} for update skip locked))`;
      return count;
    },
  };
}

/** The purges of the outbox, inbox and dead-letter tables every service has. */
export function messagingPurges(retention: MessagingRetention): Purge[] {
  return [
    inboxPurge(retention.inboxDays),
    outboxPurge(retention.outboxHours),
    deadLettersPurge(Math.min(retention.deadLetterDays, retention.inboxDays)),
  ];
}
