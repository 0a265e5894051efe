import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Broker, type OutboxRelay, startOutboxRelay } from '../src/index.js';
import { closeConnectionsNamed } from './fixtures/broker-control.js';
import {
  countRows,
  enqueueProductDeletions,
  logger,
  producerDatabase,
  startBroker,
} from './fixtures/demo-services.js';

const run = promisify(execFile);
const env = useTestEnvironment();

/** The broker's disk free limit in bytes, to put back after the test. */
async function diskFreeLimit(): Promise<string> {
  const { stdout } = await run('rabbitmqctl', ['eval', 'rabbit_disk_monitor:get_disk_free_limit().']);
  return stdout.trim();
}

describe('when a disk alarm blocks publishing and the connection drops meanwhile', () => {
  let catalogSql: Sql;
  let broker: Broker;
  let relay: OutboxRelay;
  let originalLimit: string;
  let connectionName: string;

  beforeAll(async () => {
    originalLimit = await diskFreeLimit();
    catalogSql = await producerDatabase(env);
    connectionName = `alarmed-relay-${env.prefix}`;
    broker = await startBroker(env, connectionName);
    relay = startOutboxRelay({ sql: catalogSql, broker, schema: 'catalog', logger, pollIntervalMs: 200 });
  });

  afterAll(async () => {
    // Always give the broker its disk back, whatever happened above.
    if (originalLimit) await run('rabbitmqctl', ['set_disk_free_limit', originalLimit]);
    await relay?.stop();
    await broker?.close();
    await catalogSql?.end();
  });

  it('the relay publishes again once the alarm clears, without a restart', async () => {
    await enqueueProductDeletions(catalogSql, 5, 1);
    await waitFor(() => countRows(catalogSql, 'unpublished'), {
      until: (n) => n === 0,
      what: 'the first rows out',
    });

    await run('rabbitmqctl', ['set_disk_free_limit', '1000000GB']);
    await enqueueProductDeletions(catalogSql, 5, 6);
    await waitFor(() => broker.isConnected(), { until: (ready) => !ready, what: 'publishing blocked' });
    expect(await closeConnectionsNamed(connectionName)).toBe(1);
    await run('rabbitmqctl', ['set_disk_free_limit', originalLimit]);

    await waitFor(() => countRows(catalogSql, 'unpublished'), {
      until: (n) => n === 0,
      timeoutMs: 30_000,
      what: 'the rows written during the alarm published',
    });
    await enqueueProductDeletions(catalogSql, 5, 11);
    await waitFor(() => countRows(catalogSql, 'unpublished'), {
      until: (n) => n === 0,
      what: 'later rows out',
    });
    expect(broker.isConnected()).toBe(true);
  });
});
