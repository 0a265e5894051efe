// CPU time per request of the gateway and catalog for the product reads (anonymous by name, signed in
// with limit=20), through the gateway and straight to catalog. A profiling aid, like profile-saga.ts.
import { Pool } from 'undici';
import { benchConfig } from './config.js';
import { withBenchDatabase } from './database.js';
import { runLoad } from './load.js';
import { registerCustomers, seedProducts } from './saga-load.js';
import { startStack } from './stack.js';

const SECONDS = benchConfig.profileSeconds ?? 8;

await withBenchDatabase(async (databaseUrl, prefix) => {
  const stack = await startStack(
    databaseUrl,
    prefix,
    { catalog: 1, order: 1, analytics: 0, gateway: 1 },
    18_480,
  );
  const gateway = (stack.gateways[0] as { origin: string }).origin;
  const catalog = stack.replicas.catalog[0] as { origin: string; cpuSeconds(): Promise<number> };
  const pool = new Pool(gateway, { connections: 4 });
  try {
    await seedProducts(pool, 30, 1000);
    const [token] = await registerCustomers(pool, 1);
    const reads: Array<{ name: string; path: string; headers: Record<string, string> }> = [
      { name: 'by name, anonymous', path: '/products?name=Load%20product%207', headers: {} },
      {
        name: 'limit=20, signed in',
        path: '/products?limit=20',
        headers: { authorization: `Bearer ${token}` },
      },
    ];
    for (const read of reads) {
      for (const [target, origin] of [
        ['gateway', gateway],
        ['direct', catalog.origin],
      ] as const) {
        await runLoad({ origin, path: read.path, headers: read.headers, concurrency: 32, durationMs: 2000 });
        const before = [await (stack.gateways[0] as typeof catalog).cpuSeconds(), await catalog.cpuSeconds()];
        const result = await runLoad({
          origin,
          path: read.path,
          headers: read.headers,
          concurrency: 32,
          durationMs: SECONDS * 1000,
        });
        const after = [await (stack.gateways[0] as typeof catalog).cpuSeconds(), await catalog.cpuSeconds()];
        const perRequest = (i: number) =>
          (((after[i] as number) - (before[i] as number)) * 1e6) / result.requests;
        console.log(
          `${read.name.padEnd(20)} ${target.padEnd(8)} ${result.per_s} req/s p99 ${result.p99_ms} ms; CPU µs/request: gateway ${perRequest(0).toFixed(0)}, catalog ${perRequest(1).toFixed(0)}`,
        );
      }
    }
  } finally {
    await pool.close();
    await stack.stop();
  }
});
