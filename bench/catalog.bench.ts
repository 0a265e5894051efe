// Product reads through the gateway vs the same request straight to the catalog, in one run, 32
// connections, over 500 products: the anonymous exact-name lookup (GET /products?name=X, the route
// the Flask original was measured on) and an authenticated first page (GET /products?limit=20).
// Each also goes through bench/bare-proxy.ts, the floor of any Node proxy on this host: what the
// gateway's own work (routing, limits, tokens, logs, metrics) costs is the gap between the two.
import { benchConfig, scaledCount, scaledSeconds } from './config.js';
import { withBenchDatabase } from './database.js';
import { type LoadOptions, type LoadResult, runLoad } from './load.js';
import {
  type BenchProcess,
  cpuSecondsOfMatching,
  ownCpuSeconds,
  postgresProcesses,
  startProcess,
} from './processes.js';
import { writeResults } from './report.js';

const PORTS = { auth: 18_181, catalog: 18_182, gateway: 18_180, bareProxy: 18_183 };
const SECONDS = scaledSeconds(5);
const WARM_UP_SECONDS = scaledSeconds(3);
const CONNECTIONS = 32;
const PRODUCTS = scaledCount(500, 50);

async function post(origin: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

/**
 * Warms the three paths, then measures straight to catalog, through the gateway and through the bare
 * proxy, one after the other, each with the CPU time per request of catalog, the proxy, PostgreSQL
 * (the bench database's backends) and this process (the load generator shares the two cores).
 */
async function directAndThroughProxies(
  request: Omit<LoadOptions, 'origin' | 'durationMs' | 'concurrency'>,
  stack: { catalog: BenchProcess; gateway: BenchProcess; bareProxy: BenchProcess; database: string },
) {
  const { catalog, gateway, bareProxy } = stack;
  const load = { ...request, concurrency: CONNECTIONS };
  for (const { origin } of [catalog, gateway, bareProxy])
    await runLoad({ ...load, origin, durationMs: WARM_UP_SECONDS * 1000 });
  const measure = async (proxy?: BenchProcess) => {
    const cpuSeconds = () =>
      Promise.all([
        catalog.cpuSeconds(),
        proxy?.cpuSeconds() ?? 0,
        cpuSecondsOfMatching(postgresProcesses(stack.database)),
        ownCpuSeconds(),
      ]);
    const before = await cpuSeconds();
    const origin = (proxy ?? catalog).origin;
    const result = await runLoad({ ...load, origin, durationMs: SECONDS * 1000 });
    const after = await cpuSeconds();
    const usPerRequest = (i: number) =>
      Math.round((((after[i] as number) - (before[i] as number)) * 1e6) / result.requests);
    const cpu = {
      catalog: usPerRequest(0),
      ...(proxy ? { proxy: usPerRequest(1) } : {}),
      postgresql: usPerRequest(2),
      load_generator: usPerRequest(3),
    };
    return { ...result, cpu_us_per_request: cpu };
  };
  const direct = await measure();
  const throughGateway = await measure(gateway);
  const throughBareProxy = await measure(bareProxy);
  const errors = { direct, 'via gateway': throughGateway, 'via the bare proxy': throughBareProxy };
  if (Object.values(errors).some((result) => result.errors > 0))
    throw new Error(
      `${request.path} answered errors: ${Object.entries(errors)
        .map(([path, result]) => `${result.errors} ${path}`)
        .join(', ')}`,
    );
  const toDirect = (result: LoadResult) => Math.round((result.per_s / direct.per_s) * 100) / 100;
  return {
    direct_to_catalog: direct,
    through_gateway: throughGateway,
    through_bare_node_proxy: throughBareProxy,
    gateway_to_direct_ratio: toDirect(throughGateway),
    bare_proxy_to_direct_ratio: toDirect(throughBareProxy),
  };
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
  const bareProxy = await startProcess('bench/bare-proxy.ts', origin(PORTS.bareProxy), {
    PORT: String(PORTS.bareProxy),
    UPSTREAM_URL: catalog.origin,
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
    const name = `Bench product ${Math.floor(PRODUCTS / 2)}`;
    const stack = { catalog, gateway, bareProxy, database: new URL(databaseUrl).pathname.slice(1) };
    const byName = await directAndThroughProxies(
      { path: `/products?name=${encodeURIComponent(name)}` },
      stack,
    );
    const firstPage = await directAndThroughProxies(
      { path: '/products?limit=20', headers: { authorization: `Bearer ${access_token}` } },
      stack,
    );
    await writeResults('catalog', {
      workload: `${CONNECTIONS} keep-alive connections, ${SECONDS} s per measurement after ${WARM_UP_SECONDS} s of warm-up per path, ${PRODUCTS} products, scale ${benchConfig.scale}`,
      by_name: { route: `GET /products?name=${name} (anonymous)`, ...byName },
      first_page: { route: 'GET /products?limit=20 (authenticated)', ...firstPage },
    });
  } finally {
    await bareProxy.stop();
    await gateway.stop();
    await catalog.stop();
    await auth.stop();
  }
});
