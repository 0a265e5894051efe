// Executed orders/s end to end through the gateway (3-line orders, 16 clients: create, then execute,
// which runs the saga over RabbitMQ), next to pgbench doing the same stock updates and outbox row
// straight in PostgreSQL: the physical reference.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { Pool } from 'undici';
import { benchConfig } from './config.js';
import { withBenchDatabase } from './database.js';
import { writeResults } from './report.js';
import { driveOrders, registerCustomers, seedProducts, waitForOrderReplica } from './saga-load.js';
import { startStack } from './stack.js';

const SECONDS = Math.max(2, Math.round(10 * benchConfig.scale));
const WARM_UP_SECONDS = 5;
const CLIENTS = 16;
const PRODUCTS = 30;
const LINES = 3;

/** pgbench: per transaction, three guarded stock updates in id order and one outbox row. */
async function pgbenchReference(databaseUrl: string): Promise<number> {
  const direct = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await direct`create table bench_stock (id int primary key, quantity int not null)`;
  await direct`insert into bench_stock select i, 1000000000 from generate_series(1, ${PRODUCTS}) i`;
  await direct`create table bench_outbox (id bigserial primary key, payload jsonb not null)`;
  await direct.end();
  const script = join(mkdtempSync(join(tmpdir(), 'shop-pgbench-')), 'reserve.sql');
  writeFileSync(
    script,
    `\\set a random(1, ${PRODUCTS - 2})
begin;
update bench_stock set quantity = quantity - 1 where id = :a and quantity >= 1;
update bench_stock set quantity = quantity - 1 where id = :a + 1 and quantity >= 1;
update bench_stock set quantity = quantity - 1 where id = :a + 2 and quantity >= 1;
insert into bench_outbox (payload) values ('{"type":"stock.reserved"}');
commit;
`,
  );
  const output = execFileSync(
    'pgbench',
    ['-n', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), '-f', script, databaseUrl],
    { encoding: 'utf8' },
  );
  return Math.round(Number(output.match(/tps = ([\d.]+)/)?.[1] ?? 0));
}

await withBenchDatabase(async (databaseUrl, prefix) => {
  const stack = await startStack(
    databaseUrl,
    prefix,
    { catalog: 1, order: 1, analytics: 0, gateway: 1 },
    18_280,
  );
  const pool = new Pool((stack.gateways[0] as { origin: string }).origin, { connections: CLIENTS + 2 });
  try {
    await seedProducts(pool, PRODUCTS, 1_000_000);
    const tokens = await registerCustomers(pool, CLIENTS);
    await waitForOrderReplica(pool, tokens[0] as string, PRODUCTS);
    const load = { pools: [pool], tokens, products: PRODUCTS, lines: LINES, maxQuantity: 1 };
    await driveOrders({ ...load, seconds: WARM_UP_SECONDS }); // lets V8 optimise every process's hot paths
    const { records: _, ...saga } = await driveOrders({ ...load, seconds: SECONDS });
    const pgbenchTps = await pgbenchReference(databaseUrl);
    await writeResults('order', {
      workload: `${CLIENTS} clients, ${LINES}-line orders over ${PRODUCTS} products, ${SECONDS} s after ${WARM_UP_SECONDS} s of warm-up: create + execute through the gateway`,
      saga,
      pgbench_reserve_tx_per_s: pgbenchTps,
      saga_to_pgbench_ratio: Math.round((saga.executed_per_s / pgbenchTps) * 1000) / 1000,
    });
  } finally {
    await pool.close();
    await stack.stop();
  }
});
