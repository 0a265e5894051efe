import type { Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Broker, enqueueEvents, type OutboxRelay, startOutboxRelay } from '../src/index.js';
import {
  countRows,
  enqueueProductDeletions,
  logger,
  producerDatabase,
  startBroker,
} from './fixtures/demo-services.js';

const env = useTestEnvironment();

// Long enough that no poll runs during a test: whatever a relay publishes, a notification woke it for.
const NO_POLLING_MS = 600_000;

/** A real broker whose publishes are counted, to tell which relay published a row. */
function counted(broker: Broker): { broker: Broker; published: () => number } {
  let published = 0;
  const publishEach: Broker['publishEach'] = (messages) => {
    published += messages.length;
    return broker.publishEach(messages);
  };
  return { broker: Object.assign(Object.create(broker), { publishEach }), published: () => published };
}

describe('the outbox relays of several replicas of one service', () => {
  let catalogSql: Sql;
  let brokers: Broker[];
  let relays: OutboxRelay[];
  let ours: ReturnType<typeof counted>;
  let theirs: ReturnType<typeof counted>;

  beforeAll(async () => {
    catalogSql = await producerDatabase(env);
    brokers = [await startBroker(env, 'relay-ours'), await startBroker(env, 'relay-theirs')];
    ours = counted(brokers[0] as Broker);
    theirs = counted(brokers[1] as Broker);
    const relay = { sql: catalogSql, schema: 'catalog', logger, pollIntervalMs: NO_POLLING_MS };
    relays = [
      startOutboxRelay({ ...relay, broker: ours.broker }),
      // Another process's relay: its sessions would carry that process's own instance.
      startOutboxRelay({ ...relay, broker: theirs.broker, instance: 'another-replica' }),
    ];
  });

  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
    await Promise.all(brokers.map((broker) => broker.close()));
    await catalogSql?.end();
  });

  it("wake only the writing process's relay: a commit costs one claim, not one per replica", async () => {
    await enqueueProductDeletions(catalogSql, 20, 1, 1);

    await waitFor(() => countRows(catalogSql, 'unpublished'), { until: (n) => n === 0, what: 'all out' });
    expect(ours.published()).toBe(20);
    expect(theirs.published()).toBe(0);
  });

  it('all wake for a row written by a session of no process (a script, psql)', async () => {
    const script = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await script.begin(async (tx) => {
        await tx`set local search_path = catalog`;
        await enqueueEvents(tx, 'catalog', [
          { type: 'product.deleted', data: { product_id: 99 }, correlationId: 'script' },
        ]);
      });
    } finally {
      await script.end();
    }

    await waitFor(() => countRows(catalogSql, 'unpublished'), { until: (n) => n === 0, what: 'the row out' });
    expect(ours.published() + theirs.published()).toBe(21);
  });
});
