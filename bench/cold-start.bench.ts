// No cold cliff: the anonymous exact-name read through the gateway (32 connections) in the first
// 10 s after the whole system started as fresh processes (what `npm start` runs: auth, catalog, order,
// analytics, gateway), next to the same load a minute later. The products are written by an earlier
// stack on the same database, so the measured processes have served nothing before the first window.
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { benchConfig, scaledCount, scaledSeconds } from './config.js';
import { withBenchDatabase } from './database.js';
import { runLoad } from './load.js';
import { writeResults } from './report.js';
import { ok } from './saga-load.js';
import { startStack } from './stack.js';

const WINDOW_SECONDS = scaledSeconds(10);
// From the start of the first window to the start of the second.
const LATER_SECONDS = Math.max(WINDOW_SECONDS + 1, scaledSeconds(60));
const CONNECTIONS = 32;
const PRODUCTS = scaledCount(500, 50);
const SHAPE = { catalog: 1, order: 1, analytics: 1, gateway: 1 };

await withBenchDatabase(async (databaseUrl, prefix) => {
  const seeding = await startStack(databaseUrl, prefix, SHAPE, 18_580);
  try {
    const pool = new Pool((seeding.gateways[0] as { origin: string }).origin, { connections: 4 });
    const login = { email: 'admin@shop.local', password: 'admin-password-123' };
    const admin = String((await ok(pool, 'POST', '/users/login', login)).access_token);
    for (let i = 0; i < PRODUCTS; i++) {
      const product = {
        name: `Cold product ${i}`,
        quantity: 100,
        price: 1 + (i % 50),
        category: `Cold ${i % 10}`,
      };
      await ok(pool, 'POST', '/products/add', product, admin);
    }
    await pool.close();
  } finally {
    await seeding.stop();
  }

  const stack = await startStack(databaseUrl, prefix, SHAPE, 18_590);
  try {
    const name = `Cold product ${Math.floor(PRODUCTS / 2)}`;
    const load = {
      origin: (stack.gateways[0] as { origin: string }).origin,
      path: `/products?name=${encodeURIComponent(name)}`,
      concurrency: CONNECTIONS,
      durationMs: WINDOW_SECONDS * 1000,
    };
    const firstStarted = performance.now();
    const first = await runLoad(load);
    await sleep(Math.max(0, firstStarted + LATER_SECONDS * 1000 - performance.now()));
    const later = await runLoad(load);
    if (first.errors > 0 || later.errors > 0)
      throw new Error(`reads answered errors: ${first.errors} first, ${later.errors} later`);
    await writeResults('cold-start', {
      workload: `GET /products?name=${name} (anonymous) through the gateway, ${CONNECTIONS} connections, ${WINDOW_SECONDS} s windows starting once every /readyz answers and ${LATER_SECONDS} s later, scale ${benchConfig.scale}`,
      first_window: first,
      later_window: later,
      first_to_later_ratio: Math.round((first.per_s / later.per_s) * 100) / 100,
    });
  } finally {
    await stack.stop();
  }
});
