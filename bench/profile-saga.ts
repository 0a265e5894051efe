// CPU time per executed order of each process (with BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR', a V8 profile of each):
// the order load of order.bench.ts through one replica of everything. Not a benchmark: a profiling aid.
import postgres from 'postgres';
import { Pool } from 'undici';
import { benchConfig } from './config.js';
import { withBenchDatabase } from './database.js';
import { driveOrders, registerCustomers, seedProducts, waitForOrderReplica } from './saga-load.js';
import { cpuMsPer, cpuSecondsByPart, startStack } from './stack.js';

const SECONDS = benchConfig.profileSeconds ?? 10;
const CLIENTS = 16;
const PRODUCTS = 30;

await withBenchDatabase(async (databaseUrl, prefix) => {
  if (benchConfig.profileLogStatements) {
    const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    await admin`alter database ${admin(new URL(databaseUrl).pathname.slice(1))} set log_statement = 'all'`;
    await admin.end();
  }
  const stack = await startStack(
    databaseUrl,
    prefix,
    { catalog: 1, order: 1, analytics: 1, gateway: 1 },
    18_380,
  );
  const pool = new Pool((stack.gateways[0] as { origin: string }).origin, { connections: CLIENTS + 2 });
  try {
    await seedProducts(pool, PRODUCTS, 1_000_000);
    const tokens = await registerCustomers(pool, CLIENTS);
    await waitForOrderReplica(pool, tokens[0] as string, PRODUCTS);
    const load = { pools: [pool], tokens, products: PRODUCTS, lines: 3, maxQuantity: 1 };
    await driveOrders({ ...load, seconds: 5 });
    const before = await cpuSecondsByPart(stack, databaseUrl);
    console.log('MEASURE START', new Date().toISOString());
    const { records: _, ...saga } = await driveOrders({ ...load, seconds: SECONDS });
    const after = await cpuSecondsByPart(stack, databaseUrl);
    console.log('MEASURE END', new Date().toISOString());
    const executed = saga.outcomes[200] ?? 0;
    console.log(JSON.stringify(saga));
    for (const [name, ms] of Object.entries(cpuMsPer(executed, before, after))) {
      console.log(
        `${name.padEnd(10)} ${ms.toFixed(2)} ms CPU per executed order (${((ms * saga.executed_per_s) / 10).toFixed(0)} % of a core)`,
      );
    }
  } finally {
    await pool.close();
    await stack.stop();
  }
});
