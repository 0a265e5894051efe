import { Counter, Gauge, type Registry } from '@shop/platform';
import type { Sql } from 'postgres';

export type HandledOutcome = 'handled' | 'duplicate' | 'failed' | 'invalid';

/** Messages taken from the service's queue, by event type and what became of them. */
export function handledMessagesCounter(registry: Registry): Counter<'type' | 'outcome'> {
  return new Counter({
    name: 'messages_handled_total',
    help: 'Messages consumed, by event type and outcome (handled, duplicate, failed, invalid)',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
}

/** The age of the oldest outbox row not yet published (0 when all are out), read at each scrape. */
export function registerOutboxLag(registry: Registry, sql: Sql): void {
  new Gauge({
    name: 'outbox_lag_seconds',
    help: 'Age of the oldest unpublished outbox row, in seconds',
    registers: [registry],
    async collect() {
      const [oldest] = await sql<{ age: number }[]>`
        select extract(epoch from now() - created_at)::float8 as age
        from outbox where published_at is null order by id limit 1`;
      this.set(oldest?.age ?? 0);
    },
  });
}

/** Dead letters kept in the service's table and not replayed yet, read at each scrape. */
export function registerDeadLetterCount(registry: Registry, sql: Sql): void {
  new Gauge({
    name: 'dead_letters',
    help: 'Dead-lettered messages stored and not replayed (GET /admin/dead-letters lists them)',
    registers: [registry],
    async collect() {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from dead_letters`;
      this.set(row?.n ?? 0);
    },
  });
}

/** Infrastructure failures (database away, inbox unwritable, timeouts) that paused the consumer. */
export function consumerPausesCounter(registry: Registry): Counter {
  return new Counter({
    name: 'consumer_pauses_total',
    help: 'Times consumption paused with back-off for an infrastructure failure (no message charged)',
    registers: [registry],
  });
}

/** Outbox rows the broker refused (unroutable or nacked): only that row is retried, with back-off. */
export function publishFailuresCounter(registry: Registry): Counter<'routing_key' | 'failure'> {
  return new Counter({
    name: 'outbox_publish_failures_total',
    help: 'Outbox rows the broker refused, by routing key and failure (unroutable, nacked)',
    labelNames: ['routing_key', 'failure'] as const,
    registers: [registry],
  });
}
