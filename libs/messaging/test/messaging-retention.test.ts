import { randomUUID } from 'node:crypto';
import { startRetention } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { messagingPurges } from '../src/index.js';
import { logger, useBroker, useConsumerDatabase, useEventConsumer } from './fixtures/demo-services.js';
import { envelope, useRawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();
const retention = { inboxDays: 14, outboxHours: 1, deadLetterDays: 7 };

describe('retention of the messaging tables', () => {
  const sql = useConsumerDatabase(env);

  async function runRetention() {
    const run = startRetention({ sql, purges: messagingPurges(retention), logger, intervalMs: 3_600_000 });
    try {
      return await run.runOnce();
    } finally {
      await run.stop();
    }
  }

  it('forgets inbox ids handled longer ago than the window and keeps the younger ones', async () => {
    const [expired, kept] = [randomUUID(), randomUUID()];
    await sql`insert into inbox (message_id, type, received_at) values
      (${expired}, 'product.deleted', now() - interval '14 days 1 minute'),
      (${kept}, 'product.deleted', now() - interval '13 days 23 hours')`;

    expect((await runRetention()).inbox).toBe(1);

    const ids = await sql`select message_id from inbox where message_id in (${expired}, ${kept})`;
    expect(ids.map((row) => row.message_id)).toEqual([kept]);
  });

  it('deletes published outbox rows past their hours and never an unpublished one, however old', async () => {
    await sql`insert into outbox (message_id, routing_key, payload, created_at, published_at) values
      (${randomUUID()}, 'product.deleted', '{}', now() - interval '3 hours', now() - interval '61 minutes'),
      (${randomUUID()}, 'product.deleted', '{}', now() - interval '3 hours', now() - interval '59 minutes'),
      (${randomUUID()}, 'product.deleted', '{}', now() - interval '30 days', null)`;

    expect((await runRetention()).outbox).toBe(1);

    const rows = await sql<{ published: boolean }[]>`
      select published_at is not null as published from outbox order by created_at`;
    expect(rows.map((row) => row.published)).toEqual([false, true]);
  });

  it('deletes stored dead letters nobody replayed within their days', async () => {
    for (const age of ['7 days 1 minute', '6 days 23 hours']) {
      await sql`insert into dead_letters (service, message_id, type, reason, count, body, dead_lettered_at)
        values ('order', ${randomUUID()}, 'product.deleted', 'rejected', 1, '\\x00',
                now() - ${age}::interval)`;
    }

    expect((await runRetention()).dead_letters).toBe(1);

    const [left] = await sql<{ n: number }[]>`select count(*)::int as n from dead_letters`;
    expect(left?.n).toBe(1);
  });

  it('keeps dead letters no longer than the inbox keeps ids, so a replay still meets the inbox', async () => {
    await sql`delete from dead_letters`;
    await sql`insert into dead_letters (service, message_id, type, reason, count, body, dead_lettered_at)
      values ('order', ${randomUUID()}, 'product.deleted', 'rejected', 1, '\\x00', now() - interval '4 days')`;
    const purges = messagingPurges({ inboxDays: 3, outboxHours: 1, deadLetterDays: 30 });
    const run = startRetention({ sql, purges, logger, intervalMs: 3_600_000 });
    const deleted = await run.runOnce();
    await run.stop();

    expect(deleted.dead_letters).toBe(1);
  });
});

describe('a duplicate after a purge', () => {
  const handled: number[] = [];

  const sql = useConsumerDatabase(env);
  const broker = useBroker(env, 'retention-duplicates');
  const raw = useRawBroker(env);
  useEventConsumer({
    sql,
    broker,
    service: 'order',
    logger,
    prefetch: 16,
    handlers: {
      'product.deleted': async (_tx, event) => {
        handled.push(event.data.product_id);
      },
    },
  });

  it('is still skipped when it arrives inside the window', async () => {
    const first = envelope('product.deleted', { product_id: 101 });
    await raw.publish('product.deleted', first, first.id);
    await waitFor(() => handled.includes(101), { what: 'the first copy handled' });
    // Handled 13 days ago, as far as the inbox knows; an older id is purged meanwhile.
    await sql`update inbox set received_at = now() - interval '13 days' where message_id = ${first.id}`;
    await sql`insert into inbox (message_id, type, received_at)
              values (${randomUUID()}, 'product.deleted', now() - interval '15 days')`;
    const run = startRetention({
      sql,
      purges: messagingPurges(retention),
      logger,
      intervalMs: 3_600_000,
    });
    expect((await run.runOnce()).inbox).toBe(1);
    await run.stop();

    await raw.publish('product.deleted', first, first.id);
    const marker = envelope('product.deleted', { product_id: 102 });
    await raw.publish('product.deleted', marker, marker.id);
    await waitFor(() => handled.includes(102), { what: 'the marker handled' });

    expect(handled.filter((productId) => productId === 101)).toHaveLength(1);
  });
});
