// GET /products through the gateway vs straight to the catalog, in one run, over 500 products.
import { benchConfig } from './config.js';
import { withBenchDatabase } from './database.js';
import { runLoad } from './load.js';
import { startProcess } from './processes.js';
import { writeResults } from './report.js';

const PORTS = { auth: 18_181, catalog: 18_182, gateway: 18_180 };
const SECONDS = Math.max(1, Math.round(5 * benchConfig.scale));
const PRODUCTS = 500;

async function post(origin: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

await withBenchDatabase(async (databaseUrl, prefix) => {
  const shared = { DATABASE_URL: databaseUrl, AMQP_PREFIX: prefix, NODE_ENV: 'development' };
  const origin = (port: number) => `http://127.0.0.1:${port}`;
  const auth = await startProcess('services/auth/src/main.ts', origin(PORTS.auth), {
    ...shared,
    PORT: String(PORTS.auth),
  });
  const catalog = await startProcess('services/catalog/src/main.ts', origin(PORTS.catalog), {
    ...shared,
    PORT: String(PORTS.catalog),
    AUTH_URL: auth.origin,
    SEED_SAMPLE_CATALOG: 'false',
  });
  const gateway = await startProcess('gateway/src/main.ts', origin(PORTS.gateway), {
    ...shared,
    GATEWAY_PORT: String(PORTS.gateway),
    AUTH_URL: auth.origin,
    CATALOG_URL: catalog.origin,
    UPSTREAMS: 'auth,catalog',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  try {
    const { access_token } = await post(gateway.origin, '/users/login', {
      email: 'admin@shop.local',
      password: 'admin-password-123',
    });
    for (let i = 0; i < PRODUCTS; i++) {
      const product = {
        name: `Bench product ${i}`,
        quantity: 100,
        price: 1 + (i % 50),
        category: `Bench ${i % 10}`,
      };
      await post(gateway.origin, '/products/add', product, access_token);
    }
    const list = { path: '/products?limit=50&sort=price', concurrency: 32, durationMs: SECONDS * 1000 };
    for (const target of [catalog.origin, gateway.origin])
      await runLoad({ ...list, origin: target, durationMs: 3_000 });
    const direct = await runLoad({ ...list, origin: catalog.origin });
    const throughGateway = await runLoad({ ...list, origin: gateway.origin });
    await writeResults('catalog', {
      route: 'GET /products?limit=50&sort=price (anonymous, 500 products)',
      direct_to_catalog: direct,
      through_gateway: throughGateway,
      gateway_to_direct_ratio: Math.round((throughGateway.per_s / direct.per_s) * 100) / 100,
    });
  } finally {
    await gateway.stop();
    await catalog.stop();
    await auth.stop();
  }
});
