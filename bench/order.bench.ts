// Executed orders/s end to end through the gateway (16 clients, each its own user: create a 3-line
// order, then execute it, which runs the saga over RabbitMQ through catalog, order and analytics),
// 15 s after warm-up; next to pgbench running exactly the SQL the saga runs per order
// (bench/saga-reference.sql) on the same tables once the stack has stopped: the physical reference.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { scaledSeconds } from './config.js';
import { withBenchDatabase } from './database.js';
import { writeResults } from './report.js';
import { driveOrders, registerCustomers, seedProducts, waitForOrderReplica } from './saga-load.js';
import { cpuMsPer, cpuSecondsByPart, startStack } from './stack.js';

const SECONDS = scaledSeconds(15);
const WARM_UP_SECONDS = scaledSeconds(5);
const CLIENTS = 16;
const PRODUCTS = 30;
const LINES = 3;
// One relay transaction per this many outbox rows: the relays' batching seen in the statement log.
const RELAY_EVERY = 4;
const SCRIPT = fileURLToPath(new URL('./saga-reference.sql', import.meta.url));

/** pgbench: every client runs the saga's statements for one order after another; orders per second. */
function pgbenchReference(databaseUrl: string): number {
  const output = execFileSync(
    'pgbench',
    [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(CLIENTS),
      '-j',
      '2',
      '-T',
      String(SECONDS),
      '-D',
      `products=${PRODUCTS}`,
      '-D',
      `relay_every=${RELAY_EVERY}`,
      '-f',
      SCRIPT,
      databaseUrl,
    ],
    { encoding: 'utf8' },
  );
  const tps = Number(output.match(/tps = ([\d.]+)/)?.[1] ?? Number.NaN);
  const failed = Number(output.match(/number of failed transactions: (\d+)/)?.[1] ?? 0);
  if (!(tps > 0) || failed > 0) throw new Error(`pgbench did not run cleanly:\n${output}`);
  return Math.round(tps);
}

await withBenchDatabase(async (databaseUrl, prefix) => {
  const stack = await startStack(
    databaseUrl,
    prefix,
    { catalog: 1, order: 1, analytics: 1, gateway: 1 },
    18_280,
  );
  const pool = new Pool((stack.gateways[0] as { origin: string }).origin, { connections: CLIENTS + 2 });
  let saga: Omit<Awaited<ReturnType<typeof driveOrders>>, 'records'>;
  let cpuMsPerOrder: Record<string, number>;
  try {
    await seedProducts(pool, PRODUCTS, 1_000_000);
    const tokens = await registerCustomers(pool, CLIENTS);
    await waitForOrderReplica(pool, tokens[0] as string, PRODUCTS);
    const load = { pools: [pool], tokens, products: PRODUCTS, lines: LINES, maxQuantity: 1 };
    await driveOrders({ ...load, seconds: WARM_UP_SECONDS }); // lets V8 optimise every process's hot paths
    const before = await cpuSecondsByPart(stack, databaseUrl);
    const { records: _, ...measured } = await driveOrders({ ...load, seconds: SECONDS });
    cpuMsPerOrder = cpuMsPer(measured.outcomes[200] ?? 0, before, await cpuSecondsByPart(stack, databaseUrl));
    saga = measured;
  } finally {
    await pool.close();
    await stack.stop();
  }
  const pgbench = pgbenchReference(databaseUrl);
  await writeResults('order', {
    workload: `${CLIENTS} clients (one user each), ${LINES}-line orders over ${PRODUCTS} products, ${SECONDS} s after ${WARM_UP_SECONDS} s of warm-up: create + execute through the gateway, the saga through catalog, order and analytics`,
    saga,
    // Each part's CPU time per executed order over the measured window: the capacity table's input.
    cpu_ms_per_order: cpuMsPerOrder,
    pgbench_reference: {
      script: 'bench/saga-reference.sql (the saga SQL per executed order, one transaction per step)',
      clients: CLIENTS,
      seconds: SECONDS,
      orders_per_s: pgbench,
    },
    saga_to_pgbench_ratio: Math.round((saga.executed_per_s / pgbench) * 1000) / 1000,
  });
});
