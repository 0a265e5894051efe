import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  createMetricsRegistry,
  createSql,
  type Purge,
  type Sql,
  startRetention,
} from '../src/index.js';

const env = useTestEnvironment();
const logger = createLogger({ service: 'retention-test', level: 'silent' });

/** Deletes `events` rows older than a day, the way every service purge does. */
const oldEvents: Purge = {
  table: 'events',
  async purge(tx, limit) {
    const { count } = await tx`
      delete from events where ctid = any(array(
        select ctid from events where at < now() - interval '1 day' limit ${limit} for update skip locked))`;
    return count;
  },
};

describe('retention', () => {
  let sql: Sql;

  beforeAll(async () => {
    sql = createSql(env.databaseUrl, { schema: 'retention', max: 4 });
    await sql`create schema retention`;
    await sql`create table events (id int primary key, at timestamptz not null)`;
    await sql`create index events_at on events (at)`;
  });

  afterAll(async () => {
    await sql?.end();
  });

  async function seed(old: number, fresh: number) {
    await sql`truncate events`;
    await sql`insert into events select i, now() - interval '2 days' from generate_series(1, ${old}::int) i`;
    await sql`insert into events select i, now() from generate_series(${old + 1}::int, ${old + fresh}::int) i`;
  }

  const remaining = async () => (await sql<{ n: number }[]>`select count(*)::int as n from events`)[0]?.n;

  it('deletes at most batch size × batches per run, and the rest on the next runs', async () => {
    await seed(250, 30);
    const metrics = createMetricsRegistry('retention-test');
    const retention = startRetention({
      sql,
      purges: [oldEvents],
      logger,
      metrics,
      intervalMs: 3_600_000,
      batchSize: 40,
      maxBatchesPerRun: 3,
    });
    try {
      expect(await retention.runOnce()).toEqual({ events: 120 });
      expect(await remaining()).toBe(280 - 120);
      expect(await retention.runOnce()).toEqual({ events: 120 });
      expect(await retention.runOnce()).toEqual({ events: 10 });
      expect(await retention.runOnce()).toEqual({ events: 0 });
      expect(await remaining()).toBe(30);
      const counted = await metrics.getSingleMetric('rows_purged_total')?.get();
      expect(counted?.values).toEqual([expect.objectContaining({ labels: { table: 'events' }, value: 250 })]);
    } finally {
      await retention.stop();
    }
  });

  it('leaves a table alone while another replica is purging it', async () => {
    await seed(10, 0);
    const retention = startRetention({ sql, purges: [oldEvents], logger, intervalMs: 3_600_000 });
    try {
      await sql.begin(async (tx) => {
        // What a replica's batch holds while it deletes.
        await tx`select pg_advisory_xact_lock(hashtext('shop.retention'), hashtext('retention.events'))`;
        expect(await retention.runOnce()).toEqual({ events: 0 });
      });
      expect(await retention.runOnce()).toEqual({ events: 10 });
    } finally {
      await retention.stop();
    }
  });

  it('runs by itself every interval and stops on stop()', async () => {
    await seed(5, 1);
    const retention = startRetention({ sql, purges: [oldEvents], logger, intervalMs: 1_000 });
    await waitFor(remaining, { until: (n) => n === 1, what: 'the scheduled run', timeoutMs: 5_000 });
    await retention.stop();
    await sql`insert into events values (100, now() - interval '2 days')`;
    expect(await retention.runOnce()).toEqual({});
    expect(await remaining()).toBe(2);
  });

  it('costs one indexed lookup when nothing is due', async () => {
    await seed(0, 5_000);
    await sql`analyze events`;
    const lines = await sql<{ 'QUERY PLAN': string }[]>`
      explain delete from events where ctid = any(array(
        select ctid from events where at < now() - interval '1 day' limit 1000 for update skip locked))`;
    const text = lines.map((line) => line['QUERY PLAN']).join('\n');
    expect(text).toContain('Tid Scan');
    expect(text).toMatch(/Index (Only )?Scan using events_at/);
    expect(text).not.toContain('Seq Scan');
  });
});
