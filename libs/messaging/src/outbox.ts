import { randomUUID } from 'node:crypto';
import {
  events as contracts,
  type EventData,
  type EventType,
  parseEventData,
  type ServiceName,
} from '@shop/contracts';
import type { Queryable } from '@shop/platform';
import type { TransactionSql } from 'postgres';
import { currentTraceHeaders } from './trace-context.js';

/** An event to publish: its type, its data, and the ids that tie it to what caused it. */
export interface NewEvent<T extends EventType = EventType> {
  type: T;
  data: EventData<T>;
  correlationId: string;
  causationId?: string;
}

/**
 * Writes events to the outbox inside the caller's transaction, so they exist exactly when the
 * state change commits. Data is checked against its contract here, where a bug is cheapest.
 * The table's trigger wakes the relay on commit.
 *
 * The insert is sent at once and nothing needs to wait for it: in `sql.begin` it goes out with the
 * transaction's next statement or its COMMIT, a round trip less, and should it fail, the
 * transaction fails with its error (patches/postgres+3.4.9.patch). On a connection that runs its
 * own BEGIN and COMMIT (an import's), await it before the COMMIT.
 */
export function enqueueEvents(
  tx: TransactionSql,
  source: ServiceName,
  events: NewEvent[],
  {
    bulk = false,
  }: { /** A bulk write's events: relays publish them after every other row. */ bulk?: boolean } = {},
): Promise<unknown> {
  if (events.length === 0) return Promise.resolve();
  const headers = currentTraceHeaders();
  const occurredAt = new Date().toISOString();
  const rows = events.map((event) => {
    const id = randomUUID();
    const envelope = {
      id,
      type: event.type,
      version: contracts[event.type].version,
      occurred_at: occurredAt,
      source,
      correlation_id: event.correlationId,
      ...(event.causationId ? { causation_id: event.causationId } : {}),
      data: parseEventData(event.type, event.data),
    };
    return { message_id: id, routing_key: event.type, payload: envelope, headers, bulk };
  });
  return tx`insert into outbox ${tx(rows as never, 'message_id', 'routing_key', 'payload', 'headers', 'bulk')}`.execute();
}

/**
 * True when an event of `type` was written to this schema's outbox within the last `withinMs`:
 * replicas starting together (or restarting in a row) send a start-up request once.
 */
export async function enqueuedWithin(sql: Queryable, type: EventType, withinMs: number): Promise<boolean> {
  const [row] = await sql<{ found: boolean }[]>`
    select exists (
      select 1 from outbox
      where routing_key = ${type} and created_at > now() - ${`${withinMs} milliseconds`}::interval) as found`;
  return row?.found ?? false;
}
