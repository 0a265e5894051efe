// The example consumer (examples/revenue-consumer) against the real stack on the suite's private
// RabbitMQ: it backfills the orders executed before it started from the stream, keeps counting
// through a broker restart and through being killed and started again, and in the end counts every
// executed order once and every cancelled one out: its revenue is the order service's own.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningProcess, startTsProcess, waitFor } from '@shop/testing';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import type { Effect } from '../../examples/revenue-consumer/src/revenue.js';
import { stopBrokerFor } from './harness/faults.js';
import { orderLoad, stockProducts } from './harness/order-load.js';
import { useFaultSuite } from './harness/scenario.js';

const suite = useFaultSuite('revenue-consumer');
const entry = fileURLToPath(new URL('../../examples/revenue-consumer/src/main.ts', import.meta.url));
const running: RunningProcess[] = [];

afterAll(() => {
  for (const consumer of running) consumer.child.kill('SIGKILL');
});

/** What the consumer's store holds: its effects, line by line. */
function storedEffects(storeFile: string): Effect[] {
  return readFileSync(storeFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Effect);
}

/** The order of every order.executed effect, in store order (a duplicate would show twice). */
function executedOrderIds(effects: Effect[]): number[] {
  return effects.flatMap((effect) => (effect.type === 'order.executed' ? [effect.order_id] : []));
}

describe('the example revenue consumer', () => {
  it('counts every executed order once in effect, across a broker restart and its own restart', async () => {
    const storeFile = join(await mkdtemp(join(tmpdir(), 'shop-revenue-')), 'revenue.jsonl');
    const startConsumer = (): RunningProcess => {
      const consumer = startTsProcess(entry, {
        AMQP_URL: suite.env.amqpUrl,
        SHOP_AMQP_PREFIX: suite.env.prefix,
        QUEUE: `${suite.env.prefix}revenue-example`,
        STORE_FILE: storeFile,
        SCHEMAS: `${suite.stack.gateway.origin}/docs/schemas/`,
        BACKFILL_IDLE_MS: '1500',
      });
      running.push(consumer);
      return consumer;
    };
    const said = async (consumer: RunningProcess, text: string) => {
      await waitFor(() => consumer.output().includes(text), {
        until: Boolean,
        timeoutMs: 60_000,
        what: `the consumer saying "${text}"`,
      });
    };
    const orders = postgres(suite.env.databaseUrl, { max: 1, connection: { search_path: 'orders' } });
    try {
      const products = await stockProducts(suite.admin, orders, 3, 2_000);
      const load = orderLoad({ customers: suite.customers.slice(1), products });
      const settled = (n: number, since = 0) =>
        waitFor(() => load.settledSince(since), {
          until: (s) => s >= n,
          timeoutMs: 60_000,
          what: `${n} settled`,
        });

      await settled(20); // executed before the consumer exists: only the stream has them for it
      const first = startConsumer();
      await said(first, 'backfill done');
      await said(first, 'consuming');
      await settled(10, Date.now());

      await stopBrokerFor(suite.rabbitInfo, 5_000);
      await said(first, 'broker connection lost');
      await settled(10, Date.now());

      first.child.kill('SIGKILL');
      await first.exited;
      await settled(10, Date.now()); // executed while it is down: they wait in its queue
      const second = startConsumer();
      await said(second, 'consuming');
      await settled(5, Date.now());
      await load.stop();

      // Two executed orders cancelled: the consumer takes them out again.
      const customer = suite.customers[0];
      if (!customer) throw new Error('no customer');
      for (let i = 0; i < 2; i++) {
        const created = await customer.call('POST', '/orders/create', {
          location: 'DE',
          items: [{ product_id: products[0]?.id, quantity: 1 }],
        });
        const id = created.body.id as number;
        expect((await customer.call('POST', '/orders/execute', { id })).status).toBe(200);
        expect((await customer.call('DELETE', '/orders/delete', { id })).status).toBe(200);
      }

      await waitFor(async () => (await orders`select 1 from orders where status = 'executing'`).length, {
        until: (executing) => executing === 0,
        timeoutMs: 60_000,
        what: 'no order executing',
      });
      const executedRows = await orders<{ id: number; total: string; status: string }[]>`
        select id, total::text, status from orders where executed_at is not null`;
      const expectedCents = executedRows
        .filter((row) => row.status === 'executed')
        .reduce((sum, row) => sum + Math.round(Number(row.total) * 100), 0);
      const effects = await waitFor(() => storedEffects(storeFile), {
        until: (stored) =>
          new Set(executedOrderIds(stored)).size === executedRows.length &&
          stored.filter((e) => e.type === 'order.cancelled').length === 2,
        timeoutMs: 60_000,
        what: `all ${executedRows.length} executed orders in the consumer's store`,
      });

      const executedOnce = executedOrderIds(effects);
      expect(executedOnce.sort((a, b) => a - b)).toEqual(
        executedRows.map((row) => row.id).sort((a, b) => a - b),
      );
      // The consumer stores an effect, then prints the revenue it makes: the line may come just after.
      const expectedLine = `revenue ${(expectedCents / 100).toFixed(2)}`;
      const lastRevenueLine = () => (second.output().match(/^revenue (\d+\.\d\d)/gm) ?? []).at(-1);
      await waitFor(async () => lastRevenueLine(), {
        until: (line) => line === expectedLine,
        timeoutMs: 10_000,
        what: `the consumer to print ${expectedLine}`,
      }).catch(() => {});
      expect(lastRevenueLine()).toBe(expectedLine);
      const fromStream = effects.filter((effect) => 'offset' in effect && effect.offset !== undefined).length;
      console.log(
        `[faults] example revenue consumer: ${executedRows.length} executed orders counted once (${fromStream} effects from the stream backfill, ${effects.length} stored) across a 5 s broker stop and a SIGKILL`,
      );
    } finally {
      await orders.end();
    }
  });
});
