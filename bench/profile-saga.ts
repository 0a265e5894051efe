// CPU time per executed order of each process (with BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR', a V8 profile of each):
// the order load of order.bench.ts through one replica of everything. Not a benchmark: a profiling aid.
import postgres from 'postgres';
import { Pool } from 'undici';
import { benchConfig } from './config.js';
import { withBenchDatabase } from './database.js';
import { driveOrders, registerCustomers, seedProducts, waitForOrderReplica } from './saga-load.js';
import { cpuSecondsOfMatching, postgresProcesses, rabbitmqProcess } from './processes.js';
import { startStack } from './stack.js';

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
    const database = new URL(databaseUrl).pathname.slice(1);
    const processes = {
      gateway: stack.gateways,
      ...stack.replicas,
      postgresql: [{ cpuSeconds: () => cpuSecondsOfMatching(postgresProcesses(database)) }],
      rabbitmq: [{ cpuSeconds: () => cpuSecondsOfMatching(rabbitmqProcess) }],
    };
    const before = await cpuOf(processes);
    console.log('MEASURE START', new Date().toISOString());
    const { records: _, ...saga } = await driveOrders({ ...load, seconds: SECONDS });
    const after = await cpuOf(processes);
    console.log('MEASURE END', new Date().toISOString());
    const executed = saga.outcomes[200] ?? 0;
    console.log(JSON.stringify(saga));
    for (const [name, seconds] of Object.entries(after)) {
      const used = seconds - (before[name] ?? 0);
      console.log(
        `${name.padEnd(10)} ${((used * 1000) / executed).toFixed(2)} ms CPU per executed order (${((used / SECONDS) * 100).toFixed(0)} % of a core)`,
      );
    }
  } finally {
    await pool.close();
    await stack.stop();
  }
});

async function cpuOf(processes: Record<string, Array<{ cpuSeconds(): Promise<number> }>>) {
  const totals: Record<string, number> = {};
  for (const [name, replicas] of Object.entries(processes)) {
    totals[name] = (await Promise.all(replicas.map((p) => p.cpuSeconds()))).reduce((a, b) => a + b, 0);
  }
  return totals;
}
